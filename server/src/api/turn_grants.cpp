#include "api/turn_grants.hpp"

namespace parley::api {
namespace {

constexpr std::int64_t hour = 3600;
/// A whole-map sweep for idle users every this many calls: O(1) amortised.
constexpr std::size_t prune_every = 1024;

}  // namespace

std::optional<std::int64_t> turn_grants::grant(std::string_view user_id, std::int64_t now) {
  if (per_hour_ == 0) return now + ttl_.count();
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

}  // namespace parley::api
