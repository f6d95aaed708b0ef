// Accounts and sessions: registration, sign-in, guests, token verification, sign-out.
//
// Threads: every method blocks (store, Argon2) and is thread-safe. Call through
// services::run / the services' async_* wrappers, never on a network thread.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "auth/identity.hpp"
#include "auth/login_limiter.hpp"
#include "auth/token_cache.hpp"
#include "domain/attempt_limiter.hpp"
#include "domain/config.hpp"
#include "domain/errc.hpp"
#include "store/store.hpp"

namespace parley::domain {

class listeners;

class accounts {
 public:
  accounts(store::store& db, const config& cfg, listeners& notify);

  /// Validates (invalid_field), hashes, stores, opens a session. username_taken, email_taken.
  outcome<auth::signed_in> register_user(std::string_view username, std::string_view email,
                                         std::string_view password);

  /// `login` is a username or an email. invalid_credentials for an unknown login or a wrong
  /// password (same answer, similar time); rate_limited (retry_after set) per the contract,
  /// counted per `login` and per client `address`.
  outcome<auth::signed_in> sign_in(std::string_view login, std::string_view password,
                                   std::string_view address);

  /// A guest user named `display_name` (invalid_field "displayName") with a session.
  outcome<auth::signed_in> create_guest(std::string_view display_name);

  /// Counts one account (or guest) creation from `address` against config's per-hour limit;
  /// rate_limited (retry_after set) when over it. Call before register_user / create_guest.
  outcome<void> count_creation(bool guest, std::string_view address);

  /// The auth::identity behind a bearer token; unauthorized when missing, unknown, expired or
  /// revoked. Cheap: the token cache, else one indexed lookup by the token's SHA-256.
  outcome<auth::identity> authenticate(std::string_view token);

  /// authenticate() when the token cache can answer: a hash and a map lookup, never blocks,
  /// so it may run on a network thread. None when only authenticate() can tell.
  std::optional<auth::identity> cached_identity(std::string_view token);
  /// Drops `session_id` from the token cache, without telling the listeners: another process
  /// of the cluster revoked it (docs/cluster.md "Sign-out"). Thread-safe.
  void forget_session(const std::string& session_id) { tokens_.revoke(session_id); }
  /// authenticate() for a caller whose cached_identity() just answered none: asks the store
  /// without looking in the cache again (and caches what the store confirms). Blocks.
  outcome<auth::identity> authenticate_uncached(std::string_view token);

  /// Revokes the token's session (from here on no call accepts the token) and tells the
  /// listeners (on_session_revoked). unauthorized if it was not a live session.
  outcome<void> sign_out(std::string_view token);

  // --- account settings (accounts_settings.cpp; docs/api.md "Account settings") ------------
  /// Sets the name others see, the user's `username`: for a guest the display-name rules, for
  /// a registered user the username rules (and they sign in with it from now on);
  /// invalid_field "displayName", username_taken. Returns the updated user.
  outcome<store::user_record> rename(const auth::identity& who, std::string_view display_name);

  /// Replaces the password of a registered user (forbidden for guests). The new one is checked
  /// first (invalid_field "newPassword"), then `old_password` through the login limiter
  /// (rate_limited; a wrong one is invalid_credentials and counts as a failed login of the
  /// user's username from `address`). Then every other session of the user is revoked and
  /// the listeners told (their sockets are disconnected); `who`'s session stays.
  outcome<void> change_password(const auth::identity& who, std::string_view old_password,
                                std::string_view new_password, std::string_view address);

  /// Deletes the account: the user's row becomes "deleted user" (their chat and attendance
  /// stay under that name), every session is revoked (listeners told), and every active
  /// meeting the user hosts ends (listeners told: on_meeting_ended).
  outcome<void> delete_account(const auth::identity& who);

  /// The name a deleted user's rows read.
  static constexpr std::string_view deleted_name = "deleted user";

 private:
  outcome<auth::signed_in> open_session(store::user_record user);
  /// The store's answer for `session_id` at `now` (Unix ms), cached when it is a live session.
  outcome<auth::identity> confirm_session(std::string session_id, std::int64_t now);
  /// Forgets revoked sessions in the token cache and tells the listeners.
  void revoked(const std::vector<std::string>& session_ids);

  store::store& db_;
  const config& cfg_;
  listeners& notify_;
  attempt_limiter limiter_;
  /// Creations per address (counted as an address's "failures"; the login key is unused).
  auth::login_limiter account_creations_;
  auth::login_limiter guest_creations_;
  auth::token_cache tokens_;
  std::atomic<unsigned> sessions_opened_{0};  // every 256th new session purges expired ones
};

}  // namespace parley::domain
