// The contract's failed-login limit: after `per_login` failures for one login, or
// `per_address` failures from one client address, within `window`, further attempts are
// refused until the oldest counted failure leaves the window. A success does not reset the
// address count (nor the login count: only time does). An IPv6 address counts per /64
// (core::rate_limit_key; docs/api.md).
//
// Memory (docs/api.md "Failed logins"): keys are cut to max_key_bytes (no login or address is
// longer); keys whose failures all left the window are swept at most once a minute, on the
// next call; a map at max_tracked_keys never drops live counts: logins (or addresses) it
// cannot track share one overflow count instead.
//
// Thread-safe (one mutex; each call is O(failures kept for two keys), plus the sweep).
// In-memory, per process.
#pragma once

#include <chrono>
#include <cstddef>
#include <deque>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "auth/config.hpp"

namespace parley::auth {

class login_limiter {
 public:
  using clock = std::chrono::steady_clock;

  explicit login_limiter(login_limits limits) : limits_(limits) {}

  /// Zero when an attempt for (`login`, `address`) may proceed; otherwise how long to wait
  /// (at least one second). `login` is compared case-insensitively.
  std::chrono::seconds check(std::string_view login, std::string_view address,
                             clock::time_point now = clock::now());

  /// Counts one failed attempt against both keys.
  void record_failure(std::string_view login, std::string_view address,
                      clock::time_point now = clock::now());

  /// Logins plus addresses currently tracked (bounded by max_tracked_keys each).
  std::size_t tracked_keys();

  /// Longest key kept: an email is at most 254 bytes, an IPv6 address 45.
  static constexpr std::size_t max_key_bytes = 256;
  /// The key a login is counted under: lowercase, cut to max_key_bytes, never empty.
  static std::string login_key(std::string_view login);
  /// The key an address is counted under: its core::rate_limit_key (an IPv6 /64), cut.
  static std::string address_key(std::string_view address);
  /// Bytes of the keys tracked (their lengths summed).
  std::size_t key_bytes();

 private:
  using stamps = std::deque<clock::time_point>;
  std::chrono::seconds wait_for(stamps& s, std::size_t limit, clock::time_point now);
  using map = std::unordered_map<std::string, stamps>;
  void prune(stamps& s, clock::time_point now);
  /// Drops keys with no failure in the window, at most once a minute.
  void sweep(clock::time_point now);
  /// The entry counting `key` in `m`: its own, or the shared overflow one when `m` is full.
  stamps& entry(map& m, std::string key, clock::time_point now);
  /// The entry that would count `key`, if any (check(): never inserts).
  stamps* lookup(map& m, const std::string& key);

  login_limits limits_;
  std::mutex mutex_;
  map by_login_;    // lowercase login (cut) -> failure times
  map by_address_;  // address (cut) -> failure times
  clock::time_point last_sweep_{};
};

}  // namespace parley::auth
