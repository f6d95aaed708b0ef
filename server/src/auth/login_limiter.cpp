#include "auth/login_limiter.hpp"

#include <algorithm>

#include "core/cidr.hpp"
#include "store/sql_store.hpp"

namespace parley::auth {

void login_limiter::prune(stamps& s, clock::time_point now) {
  while (!s.empty() && s.front() + limits_.window <= now) s.pop_front();
}

std::chrono::seconds login_limiter::wait_for(stamps& s, std::size_t limit, clock::time_point now) {
  prune(s, now);
  if (s.size() < limit) return std::chrono::seconds{0};
  // Blocked until enough old failures leave the window to get back under the limit.
  const auto until = s[s.size() - limit] + limits_.window;
  auto wait = std::chrono::ceil<std::chrono::seconds>(until - now);
  return std::max(wait, std::chrono::seconds{1});
}

std::chrono::seconds login_limiter::check(std::string_view login, std::string_view address,
                                          clock::time_point now) {
  std::lock_guard lock(mutex_);
  std::chrono::seconds wait{0};
  if (auto it = by_login_.find(store::fold_case(login)); it != by_login_.end())
    wait = std::max(wait, wait_for(it->second, limits_.per_login, now));
  if (auto it = by_address_.find(core::rate_limit_key(address)); it != by_address_.end())
    wait = std::max(wait, wait_for(it->second, limits_.per_address, now));
  return wait;
}

void login_limiter::record_failure(std::string_view login, std::string_view address,
                                   clock::time_point now) {
  std::lock_guard lock(mutex_);
  evict_if_full(now);
  for (auto* entry :
       {&by_login_[store::fold_case(login)], &by_address_[core::rate_limit_key(address)]}) {
    prune(*entry, now);
    entry->push_back(now);
    // Only the newest `limit` stamps ever decide; keep the deque bounded.
    const std::size_t cap = std::max(limits_.per_login, limits_.per_address);
    while (entry->size() > cap) entry->pop_front();
  }
}

std::size_t login_limiter::tracked_keys() {
  std::lock_guard lock(mutex_);
  return by_login_.size() + by_address_.size();
}

void login_limiter::evict_if_full(clock::time_point now) {
  for (auto* map : {&by_login_, &by_address_}) {
    if (map->size() < limits_.max_tracked_keys) continue;
    for (auto& [key, s] : *map) prune(s, now);
    std::erase_if(*map, [](const auto& kv) { return kv.second.empty(); });
    // Still full under a spray of fresh keys: forget everything rather than grow.
    if (map->size() >= limits_.max_tracked_keys) map->clear();
  }
}

}  // namespace parley::auth
