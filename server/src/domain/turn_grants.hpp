// The bound on TURN credentials per user (docs/api.md "GET /api/ice-servers"): at most
// `per_hour` fresh credentials per user in any hour. Over it, the newest credential the user
// already holds is handed out again while it is still valid (same expiry: nothing new is
// granted), and after that none at all until the hour has room again. So a free guest token
// buys at most per_hour x ttl of relay time per hour, however often it asks.
//
// Counted in memory by a process alone; in the store by the processes of a cluster (`shared`,
// docs/cluster.md "Per-user limits"), one row per fresh grant under "turn-grant <user>" in the
// table the failed logins use, so that a user spreading requests over the processes gets
// `per_hour` fresh credentials in all, not per process. Shared counting costs two store
// queries per request; a store error lets the grant through (GET /api/ice-servers then needs
// the store for the token anyway). Entries idle for an hour are pruned (swept, shared).
//
// Thread-safe (one mutex for the memory; the store serialises the rest).
#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "store/store.hpp"

namespace parley::domain {

class turn_grants {
 public:
  /// `per_hour` 0 turns the bound off (every call gets a fresh credential). With `shared`,
  /// grants are counted in `shared` instead of in memory.
  turn_grants(std::size_t per_hour, std::chrono::seconds ttl, store::store* shared = nullptr)
      : per_hour_(per_hour), ttl_(ttl), shared_(shared) {}

  /// The expiry (unix seconds) of the credential to hand `user_id` at `now`: now + ttl for a
  /// fresh grant, an earlier one when reusing the newest still-valid grant, or nullopt when
  /// the user has used up the hour and holds nothing valid.
  std::optional<std::int64_t> grant(std::string_view user_id, std::int64_t now);

  /// Users currently tracked in memory (for tests and metrics).
  std::size_t tracked_users();

 private:
  struct history {
    std::deque<std::int64_t> granted_at;  ///< unix seconds of fresh grants within the hour
    std::int64_t newest_expiry = 0;
  };
  std::optional<std::int64_t> shared_grant(std::string_view user_id, std::int64_t now);
  void prune(std::int64_t now);

  const std::size_t per_hour_;
  const std::chrono::seconds ttl_;
  store::store* const shared_;
  std::mutex mutex_;
  std::unordered_map<std::string, history> users_;
  std::size_t calls_since_prune_ = 0;
  std::atomic<unsigned> recorded_{0};  ///< every 256th shared grant sweeps the old rows
};

}  // namespace parley::domain
