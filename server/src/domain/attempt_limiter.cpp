#include "domain/attempt_limiter.hpp"

#include <algorithm>

#include "core/clock.hpp"

namespace parley::domain {

attempt_limiter::attempt_limiter(store::store& db, auth::login_limits limits, std::string kind,
                                 bool shared)
    : db_(db), limits_(limits), kind_(std::move(kind)), shared_(shared), local_(limits) {}

std::string attempt_limiter::login_key(std::string_view login) const {
  return kind_ + " login " + auth::login_limiter::login_key(login);
}

std::string attempt_limiter::address_key(std::string_view address) const {
  return kind_ + " address " + auth::login_limiter::address_key(address);
}

std::chrono::seconds attempt_limiter::shared_wait(const std::string& key, std::size_t limit,
                                                  std::int64_t now) {
  const auto window_ms = std::chrono::milliseconds(limits_.window).count();
  auto nth = db_.nth_failure(key, now - window_ms, limit);
  if (!nth) return std::chrono::seconds{0};  // under the limit (or the store failed)
  // Blocked until enough old failures leave the window to get back under the limit.
  const auto wait =
      std::chrono::ceil<std::chrono::seconds>(std::chrono::milliseconds(*nth + window_ms - now));
  return std::max(wait, std::chrono::seconds{1});
}

std::chrono::seconds attempt_limiter::check(std::string_view login, std::string_view address) {
  if (!shared_) return local_.check(login, address);
  const std::int64_t now = now_unix_ms();
  return std::max(shared_wait(login_key(login), limits_.per_login, now),
                  shared_wait(address_key(address), limits_.per_address, now));
}

void attempt_limiter::record_failure(std::string_view login, std::string_view address) {
  if (!shared_) return local_.record_failure(login, address);
  const std::int64_t now = now_unix_ms();
  const std::int64_t forget_before = now - std::chrono::milliseconds(limits_.window).count();
  const bool sweep = recorded_.fetch_add(1, std::memory_order_relaxed) % 256 == 255;
  // A failure that cannot be stored is not counted: the store is failing every attempt then.
  (void)db_.record_failure(login_key(login), now, forget_before, sweep ? kind_ + " " : "");
  (void)db_.record_failure(address_key(address), now, forget_before, "");
}

}  // namespace parley::domain
