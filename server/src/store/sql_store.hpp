// The store implementation shared by both databases: the queries and transactions live here
// once; the dialect differences live in the drivers (sqlite_connection, pg_connection) and
// the migrations. Thread-safe: each call leases a connection from the pool.
#pragma once

#include <memory>

#include "store/connection_pool.hpp"
#include "store/store.hpp"

namespace parley::store {

class sql_store final : public store {
 public:
  /// `conns` are open and migrated (open_store does both).
  explicit sql_store(std::vector<std::unique_ptr<sql_connection>> conns);
  ~sql_store() override;

  result<void> create_user(const user_record& u) override;
  result<user_record> find_user(std::string_view user_id) override;
  result<user_record> find_user_by_login(std::string_view login) override;
  // sql_store_accounts.cpp: renaming, passwords, deletion, a user's sessions.
  result<void> rename_user(std::string_view user_id, std::string_view username) override;
  result<void> set_password_hash(std::string_view user_id, std::string_view hash) override;
  result<deleted_user> delete_user(std::string_view user_id, std::string_view deleted_name,
                                   std::int64_t at) override;
  result<std::vector<std::string>> sessions_of(std::string_view user_id) override;
  result<std::vector<std::string>> delete_sessions_of(std::string_view user_id,
                                                      std::string_view keep) override;

  result<void> create_session(const session_record& s) override;
  result<session_user> find_session_user(std::string_view token_hash, std::int64_t now) override;
  result<void> delete_session(std::string_view token_hash) override;
  result<std::size_t> purge_expired_sessions(std::int64_t now) override;
  result<std::size_t> purge_idle_guests(std::int64_t created_before, std::int64_t now,
                                        std::size_t limit) override;

  result<void> create_meeting(const meeting_record& m) override;
  result<meeting_record> find_meeting(std::string_view meeting_id) override;
  result<std::vector<meeting_record>> meetings_of(std::string_view user_id,
                                                  std::size_t limit) override;
  result<meeting_record> end_meeting(std::string_view meeting_id, std::int64_t at) override;

  std::vector<result<attendance_outcome>> record_attendance(
      std::span<const attendance> changes) override;
  result<bool> is_participant(std::string_view meeting_id, std::string_view user_id) override;
  // sql_store_history.cpp: what a meeting leaves behind (stays, the transcript).
  result<std::vector<stay_record>> stays_of(std::string_view meeting_id) override;

  result<moderation_record> find_moderation(std::string_view meeting_id) override;
  result<void> set_meeting_flag(std::string_view meeting_id, meeting_flag flag, bool on) override;
  result<void> set_cohost(std::string_view meeting_id, std::string_view user_id,
                          bool cohost) override;
  result<void> ban_user(std::string_view meeting_id, std::string_view user_id,
                        std::int64_t at) override;

  result<message_record> add_message(std::string_view meeting_id, std::string_view user_id,
                                     std::string_view text, std::int64_t at) override;
  result<std::vector<message_record>> recent_messages(
      std::string_view meeting_id, std::size_t limit,
      std::optional<std::int64_t> before_id) override;

  // sql_store_recordings.cpp
  result<void> create_recording(const recording_record& r) override;
  result<recording_record> find_recording(std::string_view id) override;
  result<std::vector<recording_record>> recordings_of(std::string_view meeting_id) override;
  result<std::vector<recording_record>> recordings_with_status(std::string_view status) override;
  result<void> update_recording(const recording_record& r) override;
  result<void> delete_recording(std::string_view id) override;
  // sql_store_keys.cpp
  result<std::string> server_key(std::string_view name, std::string_view candidate) override;
  result<void> record_failure(std::string_view key, std::int64_t at, std::int64_t forget_before,
                              std::string_view sweep) override;
  result<std::int64_t> nth_failure(std::string_view key, std::int64_t since,
                                   std::size_t nth) override;

  result<void> ping() override;
  void close() override;

 private:
  connection_pool pool_;
};

/// ASCII-lowercases `s`: the case-insensitive key of usernames and emails.
std::string fold_case(std::string_view s);

}  // namespace parley::store
