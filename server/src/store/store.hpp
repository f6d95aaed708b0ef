// The persistence seam: users, sessions (bearer tokens), meetings, participants, chat.
// One implementation (sql_store) over two drivers, SQLite and PostgreSQL (sqlite_connection,
// pg_connection), passes one shared test suite (server/tests/store). Build one with open_store()
// (store/open.hpp).
//
// Threads: every method is synchronous, may block (disk, network, lock waits) and is safe to
// call from several threads at once. Never call it on a network thread: the services in
// auth/ run it on their blocking pool. Errors are store::errc values (store/errc.hpp).
#pragma once

#include <boost/system/result.hpp>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "store/errc.hpp"
#include "store/records.hpp"

namespace parley::store {

template <class T>
using result = boost::system::result<T>;

class store {
 public:
  virtual ~store() = default;

  // --- users -------------------------------------------------------------------------------
  /// Inserts `u`. Fails username_taken / email_taken (case-insensitive; guests' usernames are
  /// not unique and they have no email), duplicate_id if `u.id` exists.
  virtual result<void> create_user(const user_record& u) = 0;
  /// not_found when absent.
  virtual result<user_record> find_user(std::string_view user_id) = 0;
  /// A registered (non-guest) user whose username or email equals `login`, case-insensitively.
  virtual result<user_record> find_user_by_login(std::string_view login) = 0;
  /// Sets the user's username (a guest's display name). not_found; username_taken when another
  /// registered user has it (case-insensitively; guests' names are not unique).
  virtual result<void> rename_user(std::string_view user_id, std::string_view username) = 0;
  /// Replaces the user's password hash. not_found.
  virtual result<void> set_password_hash(std::string_view user_id, std::string_view hash) = 0;
  /// In one transaction: the user's row becomes `deleted_name` with no email, no password and
  /// no login (rows that name the user, such as chat messages, stay and read that name), every
  /// session of the user is deleted, and every active meeting the user hosts ends at `at_ms`
  /// (as end_meeting). not_found.
  virtual result<deleted_user> delete_user(std::string_view user_id, std::string_view deleted_name,
                                           std::int64_t at_ms) = 0;

  // --- sessions ----------------------------------------------------------------------------
  /// duplicate_id if the hash exists (a 256-bit token never collides in practice); not_found if
  /// the user does not exist.
  virtual result<void> create_session(const session_record& s) = 0;
  /// The user owning an unexpired session (expires_at > now_ms), with the session's expiry;
  /// not_found otherwise.
  virtual result<session_user> find_session_user(std::string_view token_hash,
                                                 std::int64_t now_ms) = 0;
  /// Deletes the session; not_found if there was none.
  virtual result<void> delete_session(std::string_view token_hash) = 0;
  /// Token hashes of every session of the user (expired ones included).
  virtual result<std::vector<std::string>> sessions_of(std::string_view user_id) = 0;
  /// Deletes every session of the user except `keep` (a token hash; empty keeps none) and
  /// returns the token hashes it deleted.
  virtual result<std::vector<std::string>> delete_sessions_of(std::string_view user_id,
                                                              std::string_view keep) = 0;
  /// Removes sessions that expired before `now_ms`; returns how many.
  virtual result<std::size_t> purge_expired_sessions(std::int64_t now_ms) = 0;
  /// Deletes up to `limit` guests created before `created_before_ms` that hold no unexpired
  /// session (at `now_ms`) and never took part in a meeting (hosted, joined, cohost, banned):
  /// guests nobody's history names (docs/api.md "Guests"). Returns how many.
  virtual result<std::size_t> purge_idle_guests(std::int64_t created_before_ms, std::int64_t now_ms,
                                                std::size_t limit) = 0;

  // --- meetings ----------------------------------------------------------------------------
  /// duplicate_id if the meeting id exists; not_found if the host does not.
  virtual result<void> create_meeting(const meeting_record& m) = 0;
  /// The meeting with its participants; not_found when absent.
  virtual result<meeting_record> find_meeting(std::string_view meeting_id) = 0;
  /// Meetings `user_id` hosted or joined, newest created first, at most `limit`.
  virtual result<std::vector<meeting_record>> meetings_of(std::string_view user_id,
                                                          std::size_t limit) = 0;
  /// Marks the meeting ended at `at_ms` (and every stay still open as left then) and returns
  /// it. not_found, or meeting_ended if it already was (atomically: two concurrent calls,
  /// exactly one succeeds).
  virtual result<meeting_record> end_meeting(std::string_view meeting_id, std::int64_t at_ms) = 0;

  // --- participants ------------------------------------------------------------------------
  /// Group commit: applies `changes` in order in ONE transaction (one commit, one WAL append
  /// and lock cycle for the whole batch) and returns one result per change, in order. A join
  /// records that `user_id` joined: the first time inserts (joined_at = at), later clears
  /// left_at; it opens a stay unless one is open; it fails not_found or meeting_ended (checked
  /// atomically against end_meeting) and returns the meeting with its participants as
  /// committed. A leave sets left_at and closes the open stay, if any; not_found if the user
  /// never joined. A failed change leaves the others applied. Every result is
  /// known only after the commit: when it fails, every change fails with it.
  virtual std::vector<result<attendance_outcome>> record_attendance(
      std::span<const attendance> changes) = 0;
  /// record_attendance of one change.
  result<attendance_outcome> record(const attendance& change);
  /// record_attendance of one join; true when it was the user's first. not_found, meeting_ended.
  result<bool> add_participant(std::string_view meeting_id, std::string_view user_id,
                               std::int64_t at_ms);
  /// record_attendance of one leave; not_found if the user never joined.
  result<void> mark_left(std::string_view meeting_id, std::string_view user_id, std::int64_t at_ms);
  /// Whether `user_id` has ever joined the meeting.
  virtual result<bool> is_participant(std::string_view meeting_id, std::string_view user_id) = 0;
  /// Every stay in the meeting, in order of joining (an indexed read). Empty for an unknown
  /// meeting.
  virtual result<std::vector<stay_record>> stays_of(std::string_view meeting_id) = 0;

  // --- moderation (docs/signaling.md "Moderation") ----------------------------------------
  /// The meeting's lock and lobby flags, cohosts and banned users; not_found when absent.
  virtual result<moderation_record> find_moderation(std::string_view meeting_id) = 0;
  /// Sets one flag of the meeting (ended or not); not_found when absent.
  virtual result<void> set_meeting_flag(std::string_view meeting_id, meeting_flag flag,
                                        bool on) = 0;
  /// Makes `user_id` a cohost of the meeting (`cohost`) or an ordinary participant again.
  /// Idempotent; not_found when the meeting or the user does not exist.
  virtual result<void> set_cohost(std::string_view meeting_id, std::string_view user_id,
                                  bool cohost) = 0;
  /// Bans `user_id` from the meeting for good (and drops a cohost role), atomically.
  /// Idempotent (the first ban's time is kept); not_found when the meeting or user is absent.
  virtual result<void> ban_user(std::string_view meeting_id, std::string_view user_id,
                                std::int64_t at_ms) = 0;

  // --- chat --------------------------------------------------------------------------------
  /// Stores a message and returns it with its id and the author's username.
  /// not_found (meeting or user), meeting_ended.
  virtual result<message_record> add_message(std::string_view meeting_id, std::string_view user_id,
                                             std::string_view text, std::int64_t at_ms) = 0;
  /// The last `limit` messages of the meeting, oldest first; with `before_id`, the last
  /// `limit` of those whose id is below it (paging back through a transcript). One indexed
  /// range scan: its cost follows `limit`, not the meeting's length.
  virtual result<std::vector<message_record>> recent_messages(
      std::string_view meeting_id, std::size_t limit, std::optional<std::int64_t> before_id) = 0;

  // --- recordings (docs/recording.md "Storage") ------------------------------------------
  /// Inserts `r`. duplicate_id if its id exists; not_found if its meeting does not.
  virtual result<void> create_recording(const recording_record& r) = 0;
  /// not_found when absent.
  virtual result<recording_record> find_recording(std::string_view id) = 0;
  /// The meeting's recordings, oldest first (empty for an unknown meeting).
  virtual result<std::vector<recording_record>> recordings_of(std::string_view meeting_id) = 0;
  /// Every recording whose status is `status` (e.g. "recording" after a crash), oldest first.
  virtual result<std::vector<recording_record>> recordings_with_status(std::string_view status) = 0;
  /// Writes ended_at, status, failure, duration_ms, bytes and path of the row `r.id`. not_found.
  virtual result<void> update_recording(const recording_record& r) = 0;
  /// Deletes the row. not_found.
  virtual result<void> delete_recording(std::string_view id) = 0;

  // --- server keys (docs/recording.md "Links to the file") ----------------------------------
  /// The key stored under `name`; when there is none yet, `candidate` is stored first. Every
  /// process of a deployment reads the same value (the first to store one wins).
  virtual result<std::string> server_key(std::string_view name, std::string_view candidate) = 0;

  // --- what a cluster counts together (docs/api.md "Failed logins", docs/cluster.md
  // "Per-user limits"): timestamped rows per key, failed logins and TURN grants alike ----------
  /// Counts one failure of `key` at `at` (unix ms) and forgets `key`'s failures before
  /// `forget_before`; with a `sweep` prefix, those of every key that starts with it as well
  /// (each kind of count sweeps its own keys: their windows differ).
  virtual result<void> record_failure(std::string_view key, std::int64_t at,
                                      std::int64_t forget_before, std::string_view sweep) = 0;
  /// The time of `key`'s `nth` newest failure after `since` (1: the newest); not_found when it
  /// has fewer.
  virtual result<std::int64_t> nth_failure(std::string_view key, std::int64_t since,
                                           std::size_t nth) = 0;

  // --- lifecycle ---------------------------------------------------------------------------
  /// Cheap round trip to the database (GET /healthz).
  virtual result<void> ping() = 0;
  /// Flushes (SQLite WAL checkpoint) and closes every connection. Later calls fail with
  /// backend_failure. Call once, after the blocking pool has drained. Idempotent.
  virtual void close() = 0;
};

}  // namespace parley::store
