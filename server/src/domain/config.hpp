// Configuration of the domain services; each default says why. Filled by the app from the
// command-line flags (--turn-secret, --turn-urls, --stun-urls, --turn-ttl, ...; docs/api.md).
#pragma once

#include <chrono>
#include <cstddef>
#include <string>
#include <vector>

#include "auth/config.hpp"

namespace parley::domain {

/// TURN REST credentials (draft-uberti-behave-turn-rest): username "<unix expiry>:<userId>",
/// credential base64(HMAC-SHA1(secret, username)).
struct turn_config {
  std::string secret;                  ///< empty: no TURN entry in iceServers
  std::vector<std::string> turn_urls;  ///< "turn:host:3478?transport=udp", ...
  std::vector<std::string> stun_urls;  ///< "stun:host:3478"; served without credentials
  std::chrono::seconds ttl{3600};      ///< --turn-ttl's default (docs/api.md)
  /// Fresh credentials per user per hour (--turn-grants; domain/turn_grants.hpp); 0: no bound.
  std::size_t grants_per_hour = 20;
};

struct config {
  /// Lifetime of a bearer token; 30 days keeps people signed in across browser restarts.
  std::chrono::seconds token_ttl{30 * 24 * 3600};
  /// A guest that never took part in a meeting is deleted this long after its creation, once
  /// its token has expired (docs/api.md "Guests").
  std::chrono::seconds guest_retention{30 * 24 * 3600};
  /// Threads running store calls and Argon2; 2 matches this machine's cores, more only helps
  /// a PostgreSQL store on another host.
  std::size_t blocking_threads = 2;
  /// How much lower the blocking threads' priority is than the network threads' (nice
  /// increment; see blocking_pool). 0: the same.
  int blocking_nice = 10;
  /// docs/api.md "Overload": Argon2 (slow work) runs on its own threads, at the lowest
  /// priority, so store and token lookups (fast work) never queue behind it. One thread: a
  /// hash takes ~64 MiB and most of a core.
  std::size_t slow_threads = 1;
  /// Jobs queued or running per lane; more is unavailable. Slow: 64 hashes are a few seconds
  /// of work, longer waits help nobody. Fast: generous, a store stall queues everything.
  std::size_t max_queued_slow = 64;
  std::size_t max_queued_fast = 4096;
  /// Slow jobs one caller (user, token or client address) may have queued or running; more
  /// is rate_limited. A person signs in or joins one meeting at a time.
  std::size_t slow_per_caller = 2;
  auth::hash_cost password_cost;
  auth::login_limits logins;
  /// Accounts and guests one client address may create per hour (docs/api.md "Creation
  /// limits"); 0: unlimited, the default (benchmarks create thousands of guests from one
  /// address). --max-accounts-per-hour, --max-guests-per-hour.
  std::size_t max_accounts_per_hour = 0;
  std::size_t max_guests_per_hour = 0;
  /// Wrong meeting passwords (docs/api.md "Meeting passwords"): 5 per (meeting, user) or 20
  /// per meeting within 15 minutes, then rate_limited, so a 4-character password cannot be
  /// guessed by a crowd of free guests. (per_login counts a (meeting, user) pair, per_address a
  /// meeting.)
  auth::login_limits meeting_passwords{5, 20, std::chrono::seconds{15 * 60}, 100'000};
  /// Count failed logins and wrong meeting passwords in the store rather than in memory, so
  /// that the processes of a cluster share them (docs/api.md "Failed logins"; on with --redis).
  bool shared_attempt_counts = false;
  turn_config turn;
  /// The contract returns the last 500 chat messages.
  std::size_t message_history = 500;
  /// Upper bound for GET /api/meetings (newest first).
  std::size_t meeting_list_limit = 200;
  /// Validated tokens kept in memory (auth::token_cache): a reconnect then needs no store query.
  /// ~300 bytes each.
  std::size_t token_cache_size = 16384;
  /// How long a cached token is trusted without asking the store again. Sign-out through this
  /// process revokes at once; this bounds only revocations the process is not told of.
  std::chrono::seconds token_cache_max_age{60};
  /// Active meetings' rows kept in memory for the join checks (~300 bytes each).
  std::size_t meeting_cache_size = 16384;
  /// Most participant changes committed in one transaction (attendance_queue).
  std::size_t attendance_batch = 512;
};

}  // namespace parley::domain
