// Validated bearer tokens: session id (the token's SHA-256, as stored) -> identity, so a
// client reconnecting with a token already seen costs one hash and a map lookup instead of a
// store query on the blocking pool. Never holds a token, only its hash (as the store does).
//
// An entry is used only while its session is unexpired and for at most `max_age` after the
// store confirmed it (a bound for revocations made elsewhere). revoke() (sign-out) forgets a
// session at once, including from lookups still in flight: a lookup notes generation() before
// it queries the store and put() drops its answer if a revocation happened since.
//
// Thread-safe.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include "auth/identity.hpp"
#include "core/lru_cache.hpp"

namespace parley::auth {

class token_cache {
 public:
  token_cache(std::size_t capacity, std::chrono::milliseconds max_age);

  /// The identity of a live cached session at `now_ms` (Unix ms), or none.
  std::optional<identity> find(const std::string& session_id, std::int64_t now_ms);

  /// Note this before asking the store; hand it to put().
  std::uint64_t generation() const { return generation_.load(std::memory_order_acquire); }

  /// Caches `who` (whose session expires at `expires_at`), confirmed by the store at `now_ms`,
  /// unless a session was revoked since `seen` = generation() was read.
  void put(const identity& who, std::int64_t expires_at, std::int64_t now_ms, std::uint64_t seen);

  /// Forgets the session; a find() that follows never returns it.
  void revoke(const std::string& session_id);

 private:
  struct entry {
    identity who;
    std::int64_t valid_until = 0;  // min(session expiry, confirmation + max_age)
  };

  core::lru_cache<entry> entries_;
  std::int64_t max_age_ms_;
  std::mutex revoke_mutex_;  // orders put()'s generation check against revoke()
  std::atomic<std::uint64_t> generation_{0};
};

}  // namespace parley::auth
