// Configuration of authentication: password hashing cost and the failed-login rule; each
// default says why. Filled by the app through domain::config.
#pragma once

#include <chrono>
#include <cstddef>

namespace parley::auth {

/// Argon2id cost (libsodium crypto_pwhash). Interactive limits: ~64 MiB and ~50-100 ms of one
/// core per hash, so at most `blocking_threads` hashes run at once and the network threads never
/// wait for one. Tests lower them (crypto_pwhash_OPSLIMIT_MIN / MEMLIMIT_MIN).
struct hash_cost {
  unsigned long long ops = 2;             ///< crypto_pwhash_OPSLIMIT_INTERACTIVE
  std::size_t mem = 64ull * 1024 * 1024;  ///< crypto_pwhash_MEMLIMIT_INTERACTIVE
};

/// The contract's failed-login rule: 5 failures per login or 20 per client address within 15
/// minutes, then 429 until the window passes.
struct login_limits {
  std::size_t per_login = 5;
  std::size_t per_address = 20;
  std::chrono::seconds window{15 * 60};
  /// Bounds the limiter's memory under a spray of distinct logins; oldest keys are dropped.
  std::size_t max_tracked_keys = 100'000;
};

}  // namespace parley::auth
