// Row readers, column lists and transaction steps shared by sql_store and attendance_batch.
// Internal to the store layer.
#pragma once

#include <string_view>
#include <vector>

#include "store/records.hpp"
#include "store/sql_connection.hpp"
#include "store/store.hpp"

namespace parley::store {

inline constexpr const char* user_columns = "id, username, email, password_hash, guest, created_at";
inline constexpr const char* meeting_columns =
    "meeting_id, title, host_id, password_hash, created_at, ended_at, locked, lobby";

/// The store error for a failed statement of operation `op`: unique and foreign-key
/// violations become username_taken / email_taken / duplicate_id / not_found; anything else
/// is logged and becomes backend_failure.
errc failed(const db_error& e, std::string_view op);

/// Row `i` of a result whose columns are user_columns / meeting_columns.
user_record user_at(const rows& r, std::size_t i);
meeting_record meeting_at(const rows& r, std::size_t i);
/// (user_id, joined_at, left_at) starting at column `first_col`.
participant_record participant_at(const rows& r, std::size_t i, std::size_t first_col);

/// The meeting's participants in order of first join.
db_result<std::vector<participant_record>> read_participants(sql_connection& c,
                                                             std::string_view meeting_id);

/// Inside a write transaction: locks the meeting row against a concurrent end_meeting
/// (SQLite's write transaction already excludes every other writer) and reads it; not_found,
/// or meeting_ended when it has ended.
db_result<result<meeting_record>> lock_active_meeting(sql_connection& c,
                                                      std::string_view meeting_id);

/// Inside a write transaction: ends the meeting at `at_ms` if it is active and closes its open
/// stays then. Returns 1 when it ended it, 0 when it had already ended or does not exist.
db_result<std::int64_t> end_in_transaction(sql_connection& c, std::string_view meeting_id,
                                           std::int64_t at_ms);

/// Starts a write transaction: BEGIN IMMEDIATE on SQLite, so a writer queues on the busy
/// timeout up front instead of failing when a read lock cannot be upgraded.
db_result<void> begin_write(sql_connection& c);
/// COMMIT; rolls back when it fails.
db_result<void> commit(sql_connection& c);
/// ROLLBACK, ignoring errors (the transaction is abandoned either way).
void rollback(sql_connection& c);

/// Runs `body(c)` in a write transaction: commits when it returns a value, rolls back when it
/// returns an error (which is returned). A failed BEGIN or COMMIT returns `fail(db_error)`.
template <class Body, class Fail>
auto write_transaction(sql_connection& c, Body body, Fail fail) -> decltype(body(c)) {
  if (auto r = begin_write(c); !r) return fail(r.error());
  auto out = body(c);
  if (!out) {
    rollback(c);
    return out;
  }
  if (auto r = commit(c); !r) return fail(r.error());
  return out;
}

}  // namespace parley::store
