#include "domain/turn_grants.hpp"

namespace parley::domain {
namespace {

constexpr std::int64_t hour = 3600;
/// The store's key prefix of shared grants (one row per fresh grant, in unix ms).
constexpr std::string_view shared_prefix = "turn-grant ";
/// A whole-map sweep for idle users every this many calls: O(1) amortised.
constexpr std::size_t prune_every = 1024;

}  // namespace

std::optional<std::int64_t> turn_grants::grant(std::string_view user_id, std::int64_t now) {
  if (per_hour_ == 0) return now + ttl_.count();
  if (shared_) return shared_grant(user_id, now);
  std::lock_guard lock(mutex_);
  if (++calls_since_prune_ >= prune_every) prune(now);
  auto& h = users_[std::string(user_id)];
  while (!h.granted_at.empty() && h.granted_at.front() + hour <= now) h.granted_at.pop_front();
  if (h.granted_at.size() < per_hour_) {
    h.granted_at.push_back(now);
    h.newest_expiry = now + ttl_.count();
    return h.newest_expiry;
  }
  if (h.newest_expiry > now) return h.newest_expiry;
  return std::nullopt;
}

std::optional<std::int64_t> turn_grants::shared_grant(std::string_view user_id, std::int64_t now) {
  const std::string key = std::string(shared_prefix) + std::string(user_id);
  const std::int64_t hour_ago_ms = (now - hour) * 1000;
  // Room in the hour when the user has fewer than per_hour grants after an hour ago (a store
  // error counts as room). Two processes granting at the same instant may both find room.
  if (!shared_->nth_failure(key, hour_ago_ms, per_hour_)) {
    const bool sweep = recorded_.fetch_add(1, std::memory_order_relaxed) % 256 == 255;
    (void)shared_->record_failure(key, now * 1000, hour_ago_ms, sweep ? shared_prefix : "");
    return now + ttl_.count();
  }
  auto newest = shared_->nth_failure(key, hour_ago_ms, 1);
  if (newest && *newest / 1000 + ttl_.count() > now) return *newest / 1000 + ttl_.count();
  return std::nullopt;
}

std::size_t turn_grants::tracked_users() {
  std::lock_guard lock(mutex_);
  return users_.size();
}

void turn_grants::prune(std::int64_t now) {
  calls_since_prune_ = 0;
  std::erase_if(users_, [now](const auto& kv) {
    const auto& h = kv.second;
    return h.newest_expiry <= now && (h.granted_at.empty() || h.granted_at.back() + hour <= now);
  });
}

}  // namespace parley::domain
