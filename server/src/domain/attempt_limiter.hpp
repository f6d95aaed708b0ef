// Where failed attempts are counted (docs/api.md "Failed logins", "Meeting passwords"): a
// process alone counts in memory (auth::login_limiter); the processes of a cluster count in
// the store they share, so that someone spreading guesses over them meets the same limit as
// on one process, and every process refuses the same attempts. Same rule either way: `per_login`
// failures of one key, or `per_address` of the other, within `window`, then wait until the
// oldest counted one leaves it.
//
// Shared counting costs a store query per key and check (a sign-in costs an Argon2 hash
// anyway) and a row per failure, swept once out of the window. A store error while checking
// lets the attempt through: the attempt itself needs the store and fails the same way.
// Thread-safe.
#pragma once

#include <atomic>
#include <chrono>
#include <string>
#include <string_view>

#include "auth/config.hpp"
#include "auth/login_limiter.hpp"
#include "store/store.hpp"

namespace parley::domain {

class attempt_limiter {
 public:
  /// `kind` names what is counted in the store ("login", "meeting-password").
  attempt_limiter(store::store& db, auth::login_limits limits, std::string kind, bool shared);

  /// Zero when an attempt for (`login`, `address`) may proceed; otherwise how long to wait
  /// (at least one second).
  std::chrono::seconds check(std::string_view login, std::string_view address);
  /// Counts one failed attempt against both keys.
  void record_failure(std::string_view login, std::string_view address);

 private:
  /// The store's keys for the two counts.
  std::string login_key(std::string_view login) const;
  std::string address_key(std::string_view address) const;
  std::chrono::seconds shared_wait(const std::string& key, std::size_t limit, std::int64_t now);

  store::store& db_;
  auth::login_limits limits_;
  std::string kind_;
  bool shared_;
  auth::login_limiter local_;
  std::atomic<unsigned> recorded_{0};  // every 256th failure sweeps its kind's old ones
};

}  // namespace parley::domain
