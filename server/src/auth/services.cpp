#include "auth/services.hpp"

#include "auth/ids.hpp"
#include "core/log.hpp"

namespace parley::auth {

services::services(std::unique_ptr<store::store> db, config cfg)
    : cfg_(std::move(cfg)),
      db_(std::move(db)),
      accounts_(*db_, cfg_, listeners_),
      meetings_(*db_, cfg_, listeners_),
      pool_(std::max<std::size_t>(1, cfg_.blocking_threads)) {
  init_crypto();
}

services::~services() {
  shutdown();
}

void services::report_exception(const char* what) {
  log::error("service_exception", {{"what", what}});
}

void services::shutdown() {
  if (stopping_.exchange(true)) return;
  pool_.join();
  db_->close();
}

void services::async_authenticate(std::string token, callback<identity> done) {
  run([this, token = std::move(token)] { return accounts_.authenticate(token); }, std::move(done));
}

void services::async_join(std::string user_id, std::string meeting_id,
                          std::optional<std::string> password,
                          callback<store::meeting_record> done) {
  run(
      [this, user_id = std::move(user_id), meeting_id = std::move(meeting_id),
       password = std::move(password)] {
        std::optional<std::string_view> pw;
        if (password) pw = *password;
        return meetings_.join(user_id, meeting_id, pw);
      },
      std::move(done));
}

void services::async_leave(std::string user_id, std::string meeting_id, callback<void> done) {
  run([this, user_id = std::move(user_id),
       meeting_id = std::move(meeting_id)] { return meetings_.leave(user_id, meeting_id); },
      std::move(done));
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

}  // namespace parley::auth
