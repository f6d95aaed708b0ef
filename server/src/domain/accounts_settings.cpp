// accounts: the settings a signed-in user changes about their own account (docs/api.md
// "Account settings").
#include "auth/password.hpp"
#include "core/clock.hpp"
#include "domain/accounts.hpp"
#include "domain/listeners.hpp"
#include "domain/store_errors.hpp"
#include "domain/validation.hpp"

namespace parley::domain {

void accounts::revoked(const std::vector<std::string>& session_ids) {
  for (const auto& id : session_ids) {
    tokens_.revoke(id);
    notify_.session_revoked(id);
  }
}

outcome<store::user_record> accounts::rename(const auth::identity& who,
                                             std::string_view display_name) {
  auto bad = who.user.guest ? check_display_name(display_name, "displayName")
                            : check_username(display_name, "displayName");
  if (bad) return *bad;
  if (auto r = db_.rename_user(who.user.id, display_name); !r) return from_store(r.error());
  // Cached identities carry the old name: forget them so the next request reads the new one.
  if (auto sessions = db_.sessions_of(who.user.id))
    for (const auto& id : *sessions) tokens_.revoke(id);
  store::user_record out = who.user;
  out.username = std::string(display_name);
  return out;
}

outcome<void> accounts::change_password(const auth::identity& who, std::string_view old_password,
                                        std::string_view new_password, std::string_view address) {
  if (who.user.guest) return failure(errc::forbidden, {}, "Guests have no password.");
  if (auto bad = check_password(new_password, "newPassword")) return *bad;
  const std::string_view login = who.user.username;
  if (auto wait = limiter_.check(login, address); wait.count() > 0) {
    failure f(errc::rate_limited);
    f.retry_after = wait;
    return f;
  }
  auto user = db_.find_user(who.user.id);
  if (!user) return from_store(user.error());
  if (old_password.size() > 1024 || !auth::verify_password(user->password_hash, old_password)) {
    limiter_.record_failure(login, address);
    return errc::invalid_credentials;
  }
  const std::string hash = auth::hash_password(new_password, cfg_.password_cost);
  if (hash.empty()) return errc::unavailable;
  if (auto r = db_.set_password_hash(who.user.id, hash); !r) return from_store(r.error());
  auto gone = db_.delete_sessions_of(who.user.id, who.session_id);
  if (!gone) return from_store(gone.error());
  revoked(*gone);
  return {};
}

outcome<void> accounts::delete_account(const auth::identity& who) {
  auto d = db_.delete_user(who.user.id, deleted_name, now_unix_ms());
  if (!d) return from_store(d.error());
  revoked(d->sessions);
  for (const auto& id : d->ended_meetings) notify_.meeting_ended(id);
  return {};
}

}  // namespace parley::domain
