#include "store/faulty_store.hpp"

#include <string>
#include <utility>
#include <vector>

namespace parley::store {
namespace {

// `ping` is the last method: every method needs a bit of the mask.
static_assert(static_cast<unsigned>(method::ping) < 64, "faulty_store's mask has 64 bits");

constexpr std::uint64_t bit(method m) {
  return std::uint64_t{1} << static_cast<unsigned>(m);
}

}  // namespace

faulty_store::faulty_store(std::unique_ptr<store> inner) : inner_(std::move(inner)) {}

void faulty_store::fail_nth(std::size_t n) {
  nth_.store(n == 0 ? 0 : calls_.load() + n);
}
void faulty_store::fail(method m) {
  methods_.fetch_or(bit(m));
}
void faulty_store::fail_all() {
  all_.store(true);
}
void faulty_store::heal() {
  all_.store(false);
  methods_.store(0);
  nth_.store(0);
}

bool faulty_store::fails(method m) {
  const std::size_t call = calls_.fetch_add(1) + 1;
  std::size_t nth = call;
  const bool fail = all_.load() || (methods_.load() & bit(m)) != 0 ||
                    nth_.compare_exchange_strong(nth, 0);  // this call is the Nth: fail it once
  if (fail) failures_.fetch_add(1);
  return fail;
}

// Every call: fail as a lost database would (backend_failure), or forward.

result<void> faulty_store::create_user(const user_record& u) {
  if (fails(method::create_user)) return errc::backend_failure;
  return inner_->create_user(u);
}

result<user_record> faulty_store::find_user(std::string_view user_id) {
  if (fails(method::find_user)) return errc::backend_failure;
  return inner_->find_user(user_id);
}

result<user_record> faulty_store::find_user_by_login(std::string_view login) {
  if (fails(method::find_user_by_login)) return errc::backend_failure;
  return inner_->find_user_by_login(login);
}

result<void> faulty_store::rename_user(std::string_view user_id, std::string_view username) {
  if (fails(method::rename_user)) return errc::backend_failure;
  return inner_->rename_user(user_id, username);
}

result<void> faulty_store::set_password_hash(std::string_view user_id, std::string_view hash) {
  if (fails(method::set_password_hash)) return errc::backend_failure;
  return inner_->set_password_hash(user_id, hash);
}

result<deleted_user> faulty_store::delete_user(std::string_view user_id,
                                               std::string_view deleted_name, std::int64_t at_ms) {
  if (fails(method::delete_user)) return errc::backend_failure;
  return inner_->delete_user(user_id, deleted_name, at_ms);
}

result<void> faulty_store::create_session(const session_record& s) {
  if (fails(method::create_session)) return errc::backend_failure;
  return inner_->create_session(s);
}

result<session_user> faulty_store::find_session_user(std::string_view token_hash,
                                                     std::int64_t now) {
  if (fails(method::find_session_user)) return errc::backend_failure;
  return inner_->find_session_user(token_hash, now);
}

result<void> faulty_store::delete_session(std::string_view token_hash) {
  if (fails(method::delete_session)) return errc::backend_failure;
  return inner_->delete_session(token_hash);
}

result<std::vector<std::string>> faulty_store::sessions_of(std::string_view user_id) {
  if (fails(method::sessions_of)) return errc::backend_failure;
  return inner_->sessions_of(user_id);
}

result<std::vector<std::string>> faulty_store::delete_sessions_of(std::string_view user_id,
                                                                  std::string_view keep) {
  if (fails(method::delete_sessions_of)) return errc::backend_failure;
  return inner_->delete_sessions_of(user_id, keep);
}

result<std::size_t> faulty_store::purge_expired_sessions(std::int64_t now) {
  if (fails(method::purge_expired_sessions)) return errc::backend_failure;
  return inner_->purge_expired_sessions(now);
}
result<std::size_t> faulty_store::purge_idle_guests(std::int64_t created_before, std::int64_t now,
                                                    std::size_t limit) {
  if (fails(method::purge_idle_guests)) return errc::backend_failure;
  return inner_->purge_idle_guests(created_before, now, limit);
}

result<void> faulty_store::create_meeting(const meeting_record& m) {
  if (fails(method::create_meeting)) return errc::backend_failure;
  return inner_->create_meeting(m);
}

result<meeting_record> faulty_store::find_meeting(std::string_view meeting_id) {
  if (fails(method::find_meeting)) return errc::backend_failure;
  return inner_->find_meeting(meeting_id);
}

result<std::vector<meeting_record>> faulty_store::meetings_of(std::string_view user_id,
                                                              std::size_t limit) {
  if (fails(method::meetings_of)) return errc::backend_failure;
  return inner_->meetings_of(user_id, limit);
}

result<meeting_record> faulty_store::end_meeting(std::string_view meeting_id, std::int64_t at_ms) {
  if (fails(method::end_meeting)) return errc::backend_failure;
  return inner_->end_meeting(meeting_id, at_ms);
}

result<bool> faulty_store::is_participant(std::string_view meeting_id, std::string_view user_id) {
  if (fails(method::is_participant)) return errc::backend_failure;
  return inner_->is_participant(meeting_id, user_id);
}

result<std::vector<stay_record>> faulty_store::stays_of(std::string_view meeting_id) {
  if (fails(method::stays_of)) return errc::backend_failure;
  return inner_->stays_of(meeting_id);
}

result<moderation_record> faulty_store::find_moderation(std::string_view meeting_id) {
  if (fails(method::find_moderation)) return errc::backend_failure;
  return inner_->find_moderation(meeting_id);
}

result<void> faulty_store::set_meeting_flag(std::string_view meeting_id, meeting_flag flag,
                                            bool on) {
  if (fails(method::set_meeting_flag)) return errc::backend_failure;
  return inner_->set_meeting_flag(meeting_id, flag, on);
}

result<void> faulty_store::set_cohost(std::string_view meeting_id, std::string_view user_id,
                                      bool cohost) {
  if (fails(method::set_cohost)) return errc::backend_failure;
  return inner_->set_cohost(meeting_id, user_id, cohost);
}

result<void> faulty_store::ban_user(std::string_view meeting_id, std::string_view user_id,
                                    std::int64_t at_ms) {
  if (fails(method::ban_user)) return errc::backend_failure;
  return inner_->ban_user(meeting_id, user_id, at_ms);
}

result<message_record> faulty_store::add_message(std::string_view meeting_id,
                                                 std::string_view user_id, std::string_view text,
                                                 std::int64_t at_ms) {
  if (fails(method::add_message)) return errc::backend_failure;
  return inner_->add_message(meeting_id, user_id, text, at_ms);
}

result<std::vector<message_record>> faulty_store::recent_messages(
    std::string_view meeting_id, std::size_t limit, std::optional<std::int64_t> before_id) {
  if (fails(method::recent_messages)) return errc::backend_failure;
  return inner_->recent_messages(meeting_id, limit, before_id);
}

result<void> faulty_store::create_recording(const recording_record& r) {
  if (fails(method::create_recording)) return errc::backend_failure;
  return inner_->create_recording(r);
}

result<recording_record> faulty_store::find_recording(std::string_view id) {
  if (fails(method::find_recording)) return errc::backend_failure;
  return inner_->find_recording(id);
}

result<std::vector<recording_record>> faulty_store::recordings_of(std::string_view meeting_id) {
  if (fails(method::recordings_of)) return errc::backend_failure;
  return inner_->recordings_of(meeting_id);
}

result<std::vector<recording_record>> faulty_store::recordings_with_status(
    std::string_view status) {
  if (fails(method::recordings_with_status)) return errc::backend_failure;
  return inner_->recordings_with_status(status);
}

result<void> faulty_store::update_recording(const recording_record& r) {
  if (fails(method::update_recording)) return errc::backend_failure;
  return inner_->update_recording(r);
}

result<void> faulty_store::delete_recording(std::string_view id) {
  if (fails(method::delete_recording)) return errc::backend_failure;
  return inner_->delete_recording(id);
}

result<std::string> faulty_store::server_key(std::string_view name, std::string_view candidate) {
  if (fails(method::server_key)) return errc::backend_failure;
  return inner_->server_key(name, candidate);
}

result<void> faulty_store::record_failure(std::string_view key, std::int64_t at,
                                          std::int64_t forget_before, std::string_view sweep) {
  if (fails(method::record_failure)) return errc::backend_failure;
  return inner_->record_failure(key, at, forget_before, sweep);
}

result<std::int64_t> faulty_store::nth_failure(std::string_view key, std::int64_t since,
                                               std::size_t nth) {
  if (fails(method::nth_failure)) return errc::backend_failure;
  return inner_->nth_failure(key, since, nth);
}

result<void> faulty_store::ping() {
  if (fails(method::ping)) return errc::backend_failure;
  return inner_->ping();
}

std::vector<result<attendance_outcome>> faulty_store::record_attendance(
    std::span<const attendance> changes) {
  // One commit for the whole batch: when it fails, every change fails with it.
  if (fails(method::record_attendance))
    return std::vector<result<attendance_outcome>>(changes.size(), errc::backend_failure);
  return inner_->record_attendance(changes);
}

void faulty_store::close() {
  inner_->close();
}

}  // namespace parley::store
