#include "domain/accounts.hpp"

#include "auth/ids.hpp"
#include "auth/password.hpp"
#include "core/clock.hpp"
#include "domain/listeners.hpp"
#include "domain/store_errors.hpp"
#include "domain/validation.hpp"

namespace parley::domain {

namespace {

constexpr int id_attempts = 3;  // a 103-bit id collides never; retry is for form
constexpr std::size_t max_token_size = 256;
constexpr std::size_t max_login_size = 254;

/// The session id of a bearer token (its SHA-256, as the store keys sessions); none for a
/// string that cannot be a token, which is unauthorized without a lookup.
std::optional<std::string> session_id_of(std::string_view token) {
  if (token.empty() || token.size() > max_token_size) return std::nullopt;
  return auth::token_hash(token);
}

/// Stores `u` under a fresh id, retrying the (never seen) collision a few times.
outcome<void> insert_with_fresh_id(store::store& db, store::user_record& u) {
  for (int attempt = 0;; ++attempt) {
    u.id = auth::new_user_id();
    auto r = db.create_user(u);
    if (r) return {};
    if (r.error() != store::errc::duplicate_id || attempt + 1 == id_attempts)
      return from_store(r.error());
  }
}

/// An hourly count per address in a login_limiter (the address is both of its keys).
auth::login_limits creation_limits(std::size_t per_hour) {
  return {per_hour, per_hour, std::chrono::seconds{3600}, 100'000};
}

}  // namespace

outcome<void> accounts::count_creation(bool guest, std::string_view address) {
  const std::size_t limit = guest ? cfg_.max_guests_per_hour : cfg_.max_accounts_per_hour;
  if (limit == 0) return {};
  auto& counts = guest ? guest_creations_ : account_creations_;
  if (auto wait = counts.check(address, address); wait.count() > 0) {
    failure f(errc::rate_limited, {}, "Too many new accounts from this address; try later.");
    f.retry_after = wait;
    return f;
  }
  counts.record_failure(address, address);
  return {};
}

accounts::accounts(store::store& db, const config& cfg, listeners& notify)
    : db_(db),
      cfg_(cfg),
      notify_(notify),
      limiter_(db, cfg.logins, "login", cfg.shared_attempt_counts),
      account_creations_(creation_limits(cfg.max_accounts_per_hour)),
      guest_creations_(creation_limits(cfg.max_guests_per_hour)),
      tokens_(cfg.token_cache_size, cfg.token_cache_max_age) {}

outcome<auth::signed_in> accounts::open_session(store::user_record user) {
  user.password_hash.clear();
  std::string token = auth::new_token();
  const std::int64_t now = now_unix_ms();
  const auto ttl_ms = std::chrono::duration_cast<std::chrono::milliseconds>(cfg_.token_ttl).count();
  store::session_record s{auth::token_hash(token), user.id, now, now + ttl_ms};
  const auto seen = tokens_.generation();
  if (auto r = db_.create_session(s); !r) return from_store(r.error());
  // Expired sessions and idle guests are dead weight; sweeping now and then keeps the tables
  // bounded without a timer (guest creation opens sessions, so a flood of guests sweeps
  // itself). A failure here is harmless (the next sweep retries).
  if (sessions_opened_.fetch_add(1, std::memory_order_relaxed) % 256 == 255) {
    (void)db_.purge_expired_sessions(now);
    const auto keep_ms =
        std::chrono::duration_cast<std::chrono::milliseconds>(cfg_.guest_retention).count();
    (void)db_.purge_idle_guests(now - keep_ms, now, 1000);
  }
  auth::identity who{std::move(user), std::move(s.token_hash)};
  tokens_.put(who, s.expires_at, now, seen);  // the client's first connect then needs no query
  return auth::signed_in{std::move(who), std::move(token)};
}

outcome<auth::signed_in> accounts::register_user(std::string_view username, std::string_view email,
                                                 std::string_view password) {
  for (auto v : {check_username(username), check_email(email), check_password(password)})
    if (v) return *v;
  store::user_record u;
  u.username = std::string(username);
  u.email = std::string(email);
  u.password_hash = auth::hash_password(password, cfg_.password_cost);
  if (u.password_hash.empty()) return errc::unavailable;
  u.created_at = now_unix_ms();
  if (auto r = insert_with_fresh_id(db_, u); !r) return r.error();
  return open_session(std::move(u));
}

outcome<auth::signed_in> accounts::sign_in(std::string_view login, std::string_view password,
                                           std::string_view address) {
  if (auto wait = limiter_.check(login, address); wait.count() > 0) {
    failure f(errc::rate_limited);
    f.retry_after = wait;
    return f;
  }
  auto user = login.empty() || login.size() > max_login_size
                  ? store::result<store::user_record>(store::errc::not_found)
                  : db_.find_user_by_login(login);
  if (!user && user.error() != store::errc::not_found) return from_store(user.error());
  const bool ok =
      user && password.size() <= 1024 && auth::verify_password(user->password_hash, password);
  // docs/api.md "Failed logins": an unknown login, or a password too long to check, costs one
  // hash too, so the answer time does not tell whether the login exists.
  if (!user || password.size() > 1024)
    auth::burn_verify_time(password.substr(0, 1024), cfg_.password_cost);
  if (!ok) {
    limiter_.record_failure(login, address);
    return errc::invalid_credentials;
  }
  return open_session(std::move(*user));
}

outcome<auth::signed_in> accounts::create_guest(std::string_view display_name) {
  if (auto v = check_display_name(display_name)) return *v;
  store::user_record u;
  u.username = std::string(display_name);
  u.guest = true;
  u.created_at = now_unix_ms();
  if (auto r = insert_with_fresh_id(db_, u); !r) return r.error();
  return open_session(std::move(u));
}

outcome<auth::identity> accounts::authenticate(std::string_view token) {
  auto id = session_id_of(token);
  if (!id) return errc::unauthorized;
  const std::int64_t now = now_unix_ms();
  if (auto who = tokens_.find(*id, now)) return std::move(*who);
  return confirm_session(std::move(*id), now);
}

outcome<auth::identity> accounts::authenticate_uncached(std::string_view token) {
  auto id = session_id_of(token);
  if (!id) return errc::unauthorized;
  return confirm_session(std::move(*id), now_unix_ms());
}

std::optional<auth::identity> accounts::cached_identity(std::string_view token) {
  auto id = session_id_of(token);
  if (!id) return std::nullopt;
  return tokens_.find(*id, now_unix_ms());
}

outcome<auth::identity> accounts::confirm_session(std::string session_id, std::int64_t now) {
  const auto seen = tokens_.generation();
  auto session = db_.find_session_user(session_id, now);
  if (!session) {
    if (session.error() == store::errc::not_found) return errc::unauthorized;
    return from_store(session.error());
  }
  auth::identity who{std::move(session->user), std::move(session_id)};
  who.user.password_hash.clear();
  tokens_.put(who, session->expires_at, now, seen);
  return who;
}

outcome<void> accounts::sign_out(std::string_view token) {
  auto hash = session_id_of(token);
  if (!hash) return errc::unauthorized;
  auto deleted = db_.delete_session(*hash);
  tokens_.revoke(*hash);  // after the delete: a lookup racing it cannot re-cache the session
  if (!deleted) {
    if (deleted.error() == store::errc::not_found) return errc::unauthorized;
    return from_store(deleted.error());
  }
  notify_.session_revoked(*hash);
  return {};
}

}  // namespace parley::domain
