#include "auth/token_cache.hpp"

#include <algorithm>

namespace parley::auth {

token_cache::token_cache(std::size_t capacity, std::chrono::milliseconds max_age)
    : entries_(capacity), max_age_ms_(max_age.count()) {}

std::optional<identity> token_cache::find(const std::string& session_id, std::int64_t now_ms) {
  auto e = entries_.find(session_id);
  if (!e) return std::nullopt;
  if (now_ms >= e->valid_until) {
    entries_.erase(session_id);
    return std::nullopt;
  }
  return std::move(e->who);
}

void token_cache::put(const identity& who, std::int64_t expires_at, std::int64_t now_ms,
                      std::uint64_t seen) {
  entry e{who, std::min(expires_at, now_ms + max_age_ms_)};
  e.who.user.password_hash.clear();
  std::lock_guard lock(revoke_mutex_);
  if (generation_.load(std::memory_order_relaxed) != seen) return;  // a revocation raced us
  entries_.put(who.session_id, std::move(e));
}

void token_cache::revoke(const std::string& session_id) {
  std::lock_guard lock(revoke_mutex_);
  generation_.fetch_add(1, std::memory_order_release);
  entries_.erase(session_id);
}

}  // namespace parley::auth
