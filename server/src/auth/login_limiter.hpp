// The contract's failed-login limit: after `per_login` failures for one login, or
// `per_address` failures from one client address, within `window`, further attempts are
// refused until the oldest counted failure leaves the window. A success does not reset the
// address count (nor the login count: only time does). An IPv6 address counts per /64
// (core::rate_limit_key; docs/api.md).
//
// Thread-safe (one mutex; each call is O(failures kept for two keys)). In-memory, per process.
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

 private:
  using stamps = std::deque<clock::time_point>;
  std::chrono::seconds wait_for(stamps& s, std::size_t limit, clock::time_point now);
  void prune(stamps& s, clock::time_point now);
  void evict_if_full(clock::time_point now);

  login_limits limits_;
  std::mutex mutex_;
  std::unordered_map<std::string, stamps> by_login_;    // lowercase login -> failure times
  std::unordered_map<std::string, stamps> by_address_;  // address -> failure times
};

}  // namespace parley::auth
