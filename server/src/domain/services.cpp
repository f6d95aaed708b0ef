#include "domain/services.hpp"

#include <algorithm>

#include "auth/ids.hpp"
#include "core/clock.hpp"
#include "core/log.hpp"
#include "domain/store_errors.hpp"

namespace parley::domain {

services::services(std::unique_ptr<store::store> db, config cfg)
    : cfg_(std::move(cfg)),
      db_(std::move(db)),
      accounts_(*db_, cfg_, listeners_),
      meetings_(*db_, cfg_, listeners_),
      recordings_(*db_),
      turn_grants_(cfg_.turn.grants_per_hour, cfg_.turn.ttl,
                   cfg_.shared_attempt_counts ? db_.get() : nullptr),
      attendance_(
          *db_, [this](std::function<void()> drain) { pool_.post(std::move(drain)); },
          cfg_.attendance_batch),
      fast_gate_(cfg_.max_queued_fast, 0),
      slow_gate_(cfg_.max_queued_slow, cfg_.slow_per_caller),
      pool_(cfg_.blocking_threads, cfg_.blocking_nice),
      slow_pool_(cfg_.slow_threads, std::min(cfg_.blocking_nice + 9, 19)) {
  auth::init_crypto();
}

services::~services() {
  shutdown();
}

void services::report_exception(const char* what) {
  log::error("service_exception", {{"what", what}});
}

void services::shutdown() {
  if (stopping_.exchange(true)) return;
  slow_pool_.join();  // its work may post to the fast lane (a join's group commit)
  pool_.join();
  db_->close();
}

void services::async_authenticate(std::string token, callback<auth::identity> done) {
  if (!stopping_.load(std::memory_order_acquire)) {
    if (auto who = accounts_.cached_identity(token)) return done(std::move(*who));
  }
  run([this, token = std::move(token)] { return accounts_.authenticate_uncached(token); },
      std::move(done));
}

void services::async_join(std::string user_id, std::string meeting_id,
                          std::optional<std::string> password,
                          callback<store::meeting_record> done) {
  async_check_join(user_id, meeting_id, std::move(password),
                   [this, user_id, meeting_id,
                    done = std::move(done)](outcome<store::meeting_record> admitted) mutable {
                     if (!admitted) return done(admitted.error());
                     async_record_join(std::move(user_id), std::move(meeting_id), std::move(done));
                   });
}

void services::async_check_join(std::string user_id, std::string meeting_id,
                                std::optional<std::string> password,
                                callback<store::meeting_record> done) {
  if (stopping_.load(std::memory_order_acquire)) return done(failure{errc::unavailable});
  if (auto row = meetings_.admit_from_cache(user_id, meeting_id)) return done(std::move(*row));
  // docs/api.md "Overload": the meeting's row is read on the fast lane; only a password check
  // (Argon2) goes to the slow lane, charged to the user.
  run([this, user_id, meeting_id] { return meetings_.admit_without_password(user_id, meeting_id); },
      [this, user_id, meeting_id, password = std::move(password),
       done = std::move(done)](outcome<std::optional<store::meeting_record>> row) mutable {
        if (!row) return done(row.error());
        if (*row) return done(std::move(**row));
        auto caller = user_id;
        run_slow(
            std::move(caller),
            [this, user_id = std::move(user_id), meeting_id = std::move(meeting_id),
             password = std::move(password)] {
              std::optional<std::string_view> pw;
              if (password) pw = *password;
              return meetings_.admit(user_id, meeting_id, pw);
            },
            std::move(done));
      });
}

void services::async_record_join(std::string user_id, std::string meeting_id,
                                 callback<store::meeting_record> done) {
  if (stopping_.load(std::memory_order_acquire)) return done(failure{errc::unavailable});
  store::attendance change{store::attendance::kind::join, meeting_id, std::move(user_id),
                           now_unix_ms()};
  attendance_.push(std::move(change),
                   [this, meeting_id = std::move(meeting_id), done = std::move(done)](
                       auto recorded) { done(meetings_.joined(meeting_id, std::move(recorded))); });
}

void services::async_leave(std::string user_id, std::string meeting_id, callback<void> done) {
  if (stopping_.load(std::memory_order_acquire)) return done(failure{errc::unavailable});
  store::attendance change{store::attendance::kind::leave, std::move(meeting_id),
                           std::move(user_id), now_unix_ms()};
  attendance_.push(std::move(change), [done = std::move(done)](auto recorded) {
    done(recorded ? outcome<void>{} : outcome<void>(from_store(recorded.error())));
  });
}

void services::async_end(std::string user_id, std::string meeting_id,
                         callback<store::meeting_record> done) {
  run([this, user_id = std::move(user_id),
       meeting_id = std::move(meeting_id)] { return meetings_.end(user_id, meeting_id); },
      std::move(done));
}

void services::async_post_message(std::string user_id, std::string meeting_id, std::string text,
                                  callback<store::message_record> done) {
  run([this, user_id = std::move(user_id), meeting_id = std::move(meeting_id),
       text = std::move(text)] { return meetings_.post_message(user_id, meeting_id, text); },
      std::move(done));
}

void services::async_get_meeting(std::string meeting_id, callback<store::meeting_record> done) {
  run([this, meeting_id = std::move(meeting_id)] { return meetings_.get(meeting_id); },
      std::move(done));
}

void services::async_moderation(std::string meeting_id, callback<store::moderation_record> done) {
  run([this, meeting_id = std::move(meeting_id)] { return meetings_.moderation(meeting_id); },
      std::move(done));
}

void services::async_set_flag(std::string meeting_id, store::meeting_flag flag, bool on,
                              callback<void> done) {
  run([this, meeting_id = std::move(meeting_id), flag,
       on] { return meetings_.set_flag(meeting_id, flag, on); },
      std::move(done));
}

void services::async_set_cohost(std::string meeting_id, std::string user_id, bool cohost,
                                callback<void> done) {
  run([this, meeting_id = std::move(meeting_id), user_id = std::move(user_id),
       cohost] { return meetings_.set_cohost(meeting_id, user_id, cohost); },
      std::move(done));
}

void services::async_ban(std::string meeting_id, std::string user_id, callback<void> done) {
  run([this, meeting_id = std::move(meeting_id),
       user_id = std::move(user_id)] { return meetings_.ban(meeting_id, user_id); },
      std::move(done));
}

outcome<void> services::check_store() {
  if (auto r = db_->ping(); !r) return from_store(r.error());
  return {};
}

}  // namespace parley::domain
