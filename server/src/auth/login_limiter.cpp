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

namespace {

/// The key a login or address is counted under (empty is the overflow key, never a real one).
std::string cut(std::string_view text, bool fold) {
  text = text.substr(0, login_limiter::max_key_bytes);
  std::string key = fold ? store::fold_case(text) : std::string(text);
  if (key.empty()) key.push_back(' ');
  return key;
}

constexpr auto sweep_every = std::chrono::minutes(1);

}  // namespace

std::string login_limiter::login_key(std::string_view login) {
  return cut(login, true);
}

std::string login_limiter::address_key(std::string_view address) {
  return cut(core::rate_limit_key(address), false);
}

void login_limiter::sweep(clock::time_point now) {
  if (now - last_sweep_ < sweep_every && now >= last_sweep_) return;
  last_sweep_ = now;
  for (auto* m : {&by_login_, &by_address_}) {
    for (auto& [key, s] : *m) prune(s, now);
    std::erase_if(*m, [](const auto& kv) { return kv.second.empty(); });
  }
}

login_limiter::stamps* login_limiter::lookup(map& m, const std::string& key) {
  if (auto it = m.find(key); it != m.end()) return &it->second;
  if (m.size() < limits_.max_tracked_keys) return nullptr;
  auto overflow = m.find(std::string());
  return overflow == m.end() ? nullptr : &overflow->second;
}

login_limiter::stamps& login_limiter::entry(map& m, std::string key, clock::time_point now) {
  if (auto it = m.find(key); it != m.end()) return it->second;
  if (m.size() >= limits_.max_tracked_keys) {
    last_sweep_ = {};  // full: sweep now rather than within the minute
    sweep(now);
    if (m.size() >= limits_.max_tracked_keys) return m[std::string()];
  }
  return m[std::move(key)];
}

std::chrono::seconds login_limiter::check(std::string_view login, std::string_view address,
                                          clock::time_point now) {
  std::lock_guard lock(mutex_);
  sweep(now);
  std::chrono::seconds wait{0};
  if (auto* s = lookup(by_login_, login_key(login)))
    wait = std::max(wait, wait_for(*s, limits_.per_login, now));
  if (auto* s = lookup(by_address_, address_key(address)))
    wait = std::max(wait, wait_for(*s, limits_.per_address, now));
  return wait;
}

void login_limiter::record_failure(std::string_view login, std::string_view address,
                                   clock::time_point now) {
  std::lock_guard lock(mutex_);
  sweep(now);
  for (auto* s :
       {&entry(by_login_, login_key(login), now), &entry(by_address_, address_key(address), now)}) {
    prune(*s, now);
    s->push_back(now);
    // Only the newest `limit` stamps ever decide; keep the deque bounded.
    const std::size_t cap = std::max(limits_.per_login, limits_.per_address);
    while (s->size() > cap) s->pop_front();
  }
}

std::size_t login_limiter::tracked_keys() {
  std::lock_guard lock(mutex_);
  return by_login_.size() + by_address_.size();
}

std::size_t login_limiter::key_bytes() {
  std::lock_guard lock(mutex_);
  std::size_t n = 0;
  for (auto* m : {&by_login_, &by_address_})
    for (const auto& kv : *m) n += kv.first.size();
  return n;
}

}  // namespace parley::auth
