// A store that fails on demand, for tests (docs/testing.md, "Faulty store"); LevelDB's
// FaultInjectionEnv is the model. It forwards every call to a real store until told to fail:
// the Nth call from now, every call to one method, or every call. A failing call does not
// reach the real store and returns errc::backend_failure, exactly what a store whose database
// went away returns, so the layers above answer as they would in production (503
// `internal_error` over REST, `internal_error` acks over signaling).
//
// Threads: as the store it wraps; the fault plan may be changed from any thread while calls run.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>

#include "store/store.hpp"

namespace parley::store {

/// The store's methods, to aim a fault at one of them.
enum class method : std::uint8_t {
  create_user,
  find_user,
  find_user_by_login,
  rename_user,
  set_password_hash,
  delete_user,
  create_session,
  find_session_user,
  delete_session,
  sessions_of,
  delete_sessions_of,
  purge_expired_sessions,
  purge_idle_guests,
  create_meeting,
  find_meeting,
  meetings_of,
  end_meeting,
  record_attendance,  ///< also add_participant, mark_left and record
  is_participant,
  stays_of,
  find_moderation,
  set_meeting_flag,
  set_cohost,
  ban_user,
  add_message,
  recent_messages,
  create_recording,
  find_recording,
  recordings_of,
  recordings_with_status,
  update_recording,
  delete_recording,
  server_key,
  record_failure,
  nth_failure,
  ping,  ///< the last one (faulty_store.cpp's mask needs a bit per method)
};

class faulty_store final : public store {
 public:
  explicit faulty_store(std::unique_ptr<store> inner);

  /// The `n`th call from now (1: the next one), whatever its method, fails; later calls pass.
  void fail_nth(std::size_t n);
  /// Every call to `m` fails until heal().
  void fail(method m);
  /// Every call fails until heal(): the database is gone.
  void fail_all();
  /// Calls pass again; a pending fail_nth is dropped.
  void heal();
  /// Calls made so far (failed ones included), and how many of them failed.
  std::size_t calls() const { return calls_.load(); }
  std::size_t failures() const { return failures_.load(); }

  result<void> create_user(const user_record& u) override;
  result<user_record> find_user(std::string_view user_id) override;
  result<user_record> find_user_by_login(std::string_view login) override;
  result<void> rename_user(std::string_view user_id, std::string_view username) override;
  result<void> set_password_hash(std::string_view user_id, std::string_view hash) override;
  result<deleted_user> delete_user(std::string_view user_id, std::string_view deleted_name,
                                   std::int64_t at_ms) override;
  result<void> create_session(const session_record& s) override;
  result<session_user> find_session_user(std::string_view token_hash, std::int64_t now) override;
  result<void> delete_session(std::string_view token_hash) override;
  result<std::vector<std::string>> sessions_of(std::string_view user_id) override;
  result<std::vector<std::string>> delete_sessions_of(std::string_view user_id,
                                                      std::string_view keep) override;
  result<std::size_t> purge_expired_sessions(std::int64_t now) override;
  result<std::size_t> purge_idle_guests(std::int64_t created_before, std::int64_t now,
                                        std::size_t limit) override;
  result<void> create_meeting(const meeting_record& m) override;
  result<meeting_record> find_meeting(std::string_view meeting_id) override;
  result<std::vector<meeting_record>> meetings_of(std::string_view user_id,
                                                  std::size_t limit) override;
  result<meeting_record> end_meeting(std::string_view meeting_id, std::int64_t at_ms) override;
  std::vector<result<attendance_outcome>> record_attendance(
      std::span<const attendance> changes) override;
  result<bool> is_participant(std::string_view meeting_id, std::string_view user_id) override;
  result<std::vector<stay_record>> stays_of(std::string_view meeting_id) override;
  result<moderation_record> find_moderation(std::string_view meeting_id) override;
  result<void> set_meeting_flag(std::string_view meeting_id, meeting_flag flag, bool on) override;
  result<void> set_cohost(std::string_view meeting_id, std::string_view user_id,
                          bool cohost) override;
  result<void> ban_user(std::string_view meeting_id, std::string_view user_id,
                        std::int64_t at_ms) override;
  result<message_record> add_message(std::string_view meeting_id, std::string_view user_id,
                                     std::string_view text, std::int64_t at_ms) override;
  result<std::vector<message_record>> recent_messages(
      std::string_view meeting_id, std::size_t limit,
      std::optional<std::int64_t> before_id) override;
  result<void> create_recording(const recording_record& r) override;
  result<recording_record> find_recording(std::string_view id) override;
  result<std::vector<recording_record>> recordings_of(std::string_view meeting_id) override;
  result<std::vector<recording_record>> recordings_with_status(std::string_view status) override;
  result<void> update_recording(const recording_record& r) override;
  result<void> delete_recording(std::string_view id) override;
  result<std::string> server_key(std::string_view name, std::string_view candidate) override;
  result<void> record_failure(std::string_view key, std::int64_t at, std::int64_t forget_before,
                              std::string_view sweep) override;
  result<std::int64_t> nth_failure(std::string_view key, std::int64_t since,
                                   std::size_t nth) override;
  result<void> ping() override;
  /// Always forwarded: closing is not a call that can fail.
  void close() override;

 private:
  /// Counts the call and decides whether it fails.
  bool fails(method m);

  std::unique_ptr<store> inner_;
  std::atomic<std::size_t> calls_{0};
  std::atomic<std::size_t> failures_{0};
  /// The call number (counted from 1) that fails; 0: none.
  std::atomic<std::size_t> nth_{0};
  /// Bit i set: method i fails.
  std::atomic<std::uint64_t> methods_{0};
  std::atomic<bool> all_{false};
};

}  // namespace parley::store
