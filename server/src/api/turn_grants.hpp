// The bound on TURN credentials per user (docs/api.md "GET /api/ice-servers"): at most
// `per_hour` fresh credentials per user in any hour. Over it, the newest credential the user
// already holds is handed out again while it is still valid (same expiry: nothing new is
// granted), and after that none at all until the hour has room again. So a free guest token
// buys at most per_hour x ttl of relay time per hour, however often it asks.
//
// Thread-safe (one mutex); in memory, per process. Entries idle for an hour are pruned.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace parley::api {

class turn_grants {
 public:
  /// `per_hour` 0 turns the bound off (every call gets a fresh credential).
  turn_grants(std::size_t per_hour, std::chrono::seconds ttl) : per_hour_(per_hour), ttl_(ttl) {}

  /// The expiry (unix seconds) of the credential to hand `user_id` at `now`: now + ttl for a
  /// fresh grant, an earlier one when reusing the newest still-valid grant, or nullopt when
  /// the user has used up the hour and holds nothing valid.
  std::optional<std::int64_t> grant(std::string_view user_id, std::int64_t now);

  /// Users currently tracked (for tests and metrics).
  std::size_t tracked_users();

 private:
  struct history {
    std::deque<std::int64_t> granted_at;  ///< unix seconds of fresh grants within the hour
    std::int64_t newest_expiry = 0;
  };
  void prune(std::int64_t now);

  const std::size_t per_hour_;
  const std::chrono::seconds ttl_;
  std::mutex mutex_;
  std::unordered_map<std::string, history> users_;
  std::size_t calls_since_prune_ = 0;
};

}  // namespace parley::api
