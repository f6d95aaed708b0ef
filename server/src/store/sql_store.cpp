#include "store/sql_store.hpp"

#include <algorithm>

#include "store/attendance_batch.hpp"
#include "store/sql_common.hpp"

namespace parley::store {

namespace {

using lease = connection_pool::lease;

result<std::vector<participant_record>> participants_of(sql_connection& c,
                                                        std::string_view meeting_id) {
  auto r = read_participants(c, meeting_id);
  if (!r) return failed(r.error(), "participants_of");
  return std::move(*r);
}

}  // namespace

std::string fold_case(std::string_view s) {
  std::string out(s);
  for (auto& ch : out)
    if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch - 'A' + 'a');
  return out;
}

sql_store::sql_store(std::vector<std::unique_ptr<sql_connection>> conns)
    : pool_(std::move(conns)) {}

sql_store::~sql_store() {
  close();
}

result<void> sql_store::create_user(const user_record& u) {
  lease c = pool_.acquire();
  if (!c) return errc::backend_failure;
  std::optional<std::string> email_key, username_key;
  if (u.email) email_key = fold_case(*u.email);
  if (!u.guest) username_key = fold_case(u.username);
  auto opt = [](const std::optional<std::string>& s) -> param {
    return s ? param{std::string_view(*s)} : param{nullptr};
  };
  const param ps[] = {u.id,
                      u.username,
                      opt(username_key),
                      opt(u.email),
                      opt(email_key),
                      u.password_hash,
                      std::int64_t{u.guest ? 1 : 0},
                      u.created_at};
  auto r = c->query(
      "INSERT INTO users (id, username, username_key, email, email_key, password_hash, guest, "
      "created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
      ps);
  if (!r) return failed(r.error(), "create_user");
  return {};
}

result<user_record> sql_store::find_user(std::string_view user_id) {
  lease c = pool_.acquire();
  if (!c) return errc::backend_failure;
  auto r = c->run(std::string("SELECT ") + user_columns + " FROM users WHERE id = ?1", user_id);
  if (!r) return failed(r.error(), "find_user");
  if (r->empty()) return errc::not_found;
  return user_at(*r, 0);
}

result<user_record> sql_store::find_user_by_login(std::string_view login) {
  lease c = pool_.acquire();
  if (!c) return errc::backend_failure;
  const std::string key = fold_case(login);
  auto r = c->run(std::string("SELECT ") + user_columns +
                      " FROM users WHERE guest = 0 AND (username_key = ?1 OR email_key = ?1)",
                  key);
  if (!r) return failed(r.error(), "find_user_by_login");
  if (r->empty()) return errc::not_found;
  return user_at(*r, 0);
}

result<void> sql_store::create_session(const session_record& s) {
  lease c = pool_.acquire();
  if (!c) return errc::backend_failure;
  auto r = c->run(
      "INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES (?1, ?2, ?3, ?4)",
      s.token_hash, s.user_id, s.created_at, s.expires_at);
  if (!r) return failed(r.error(), "create_session");
  return {};
}

result<session_user> sql_store::find_session_user(std::string_view token_hash, std::int64_t now) {
  lease c = pool_.acquire();
  if (!c) return errc::backend_failure;
  auto r = c->run(
      "SELECT u.id, u.username, u.email, u.password_hash, u.guest, u.created_at, s.expires_at "
      "FROM sessions s JOIN users u ON u.id = s.user_id "
      "WHERE s.token_hash = ?1 AND s.expires_at > ?2",
      token_hash, now);
  if (!r) return failed(r.error(), "find_session_user");
  if (r->empty()) return errc::not_found;
  return session_user{user_at(*r, 0), r->integer(0, 6)};
}

result<void> sql_store::delete_session(std::string_view token_hash) {
  lease c = pool_.acquire();
  if (!c) return errc::backend_failure;
  auto r = c->run("DELETE FROM sessions WHERE token_hash = ?1", token_hash);
  if (!r) return failed(r.error(), "delete_session");
  if (r->affected == 0) return errc::not_found;
  return {};
}

result<std::size_t> sql_store::purge_expired_sessions(std::int64_t now) {
  lease c = pool_.acquire();
  if (!c) return errc::backend_failure;
  auto r = c->run("DELETE FROM sessions WHERE expires_at <= ?1", now);
  if (!r) return failed(r.error(), "purge_expired_sessions");
  return static_cast<std::size_t>(r->affected);
}

result<std::size_t> sql_store::purge_idle_guests(std::int64_t created_before, std::int64_t now,
                                                 std::size_t limit) {
  lease c = pool_.acquire();
  if (!c) return errc::backend_failure;
  // Chat messages and stays need a participant row, so participants covers them (indexed).
  auto r = c->run(
      "DELETE FROM users WHERE id IN (SELECT u.id FROM users u WHERE u.guest = 1 "
      "AND u.created_at < ?1 "
      "AND NOT EXISTS (SELECT 1 FROM sessions s WHERE s.user_id = u.id AND s.expires_at > ?2) "
      "AND NOT EXISTS (SELECT 1 FROM participants p WHERE p.user_id = u.id) "
      "AND NOT EXISTS (SELECT 1 FROM meetings m WHERE m.host_id = u.id) "
      "AND NOT EXISTS (SELECT 1 FROM meeting_cohosts h WHERE h.user_id = u.id) "
      "AND NOT EXISTS (SELECT 1 FROM meeting_bans b WHERE b.user_id = u.id) LIMIT ?3)",
      created_before, now, static_cast<std::int64_t>(limit));
  if (!r) return failed(r.error(), "purge_idle_guests");
  return static_cast<std::size_t>(r->affected);
}

result<void> sql_store::create_meeting(const meeting_record& m) {
  lease c = pool_.acquire();
  if (!c) return errc::backend_failure;
  auto r = c->run(
      "INSERT INTO meetings (meeting_id, title, host_id, password_hash, created_at, locked, lobby) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
      m.meeting_id, m.title, m.host_id, m.password_hash, m.created_at,
      std::int64_t{m.locked ? 1 : 0}, std::int64_t{m.lobby ? 1 : 0});
  if (!r) return failed(r.error(), "create_meeting");
  return {};
}

result<meeting_record> sql_store::find_meeting(std::string_view meeting_id) {
  lease c = pool_.acquire();
  if (!c) return errc::backend_failure;
  auto r = c->run(std::string("SELECT ") + meeting_columns + " FROM meetings WHERE meeting_id = ?1",
                  meeting_id);
  if (!r) return failed(r.error(), "find_meeting");
  if (r->empty()) return errc::not_found;
  meeting_record m = meeting_at(*r, 0);
  auto ps = participants_of(*c, meeting_id);
  if (!ps) return ps.error();
  m.participants = std::move(*ps);
  return m;
}

result<std::vector<meeting_record>> sql_store::meetings_of(std::string_view user_id,
                                                           std::size_t limit) {
  lease c = pool_.acquire();
  if (!c) return errc::backend_failure;
  const std::string mine =
      " FROM meetings m WHERE m.host_id = ?1 OR EXISTS (SELECT 1 FROM participants p "
      "WHERE p.meeting_id = m.meeting_id AND p.user_id = ?1) "
      "ORDER BY m.created_at DESC, m.seq DESC LIMIT ?2";
  const auto n = static_cast<std::int64_t>(limit);
  auto r = c->run(std::string("SELECT m.meeting_id, m.title, m.host_id, m.password_hash, "
                              "m.created_at, m.ended_at, m.locked, m.lobby") +
                      mine,
                  user_id, n);
  if (!r) return failed(r.error(), "meetings_of");
  auto p = c->run(
      "SELECT p.meeting_id, p.user_id, p.joined_at, p.left_at FROM participants p "
      "WHERE p.meeting_id IN (SELECT m.meeting_id" +
          mine + ") ORDER BY p.seq",
      user_id, n);
  if (!p) return failed(p.error(), "meetings_of");
  std::vector<meeting_record> out;
  for (std::size_t i = 0; i < r->size(); ++i) out.push_back(meeting_at(*r, i));
  for (std::size_t i = 0; i < p->size(); ++i) {
    auto it = std::find_if(out.begin(), out.end(),
                           [&](const meeting_record& m) { return m.meeting_id == p->text(i, 0); });
    if (it != out.end()) it->participants.push_back(participant_at(*p, i, 1));
  }
  return out;
}

result<meeting_record> sql_store::end_meeting(std::string_view meeting_id, std::int64_t at) {
  std::int64_t changed = 0;
  {
    // Released before find_meeting leases again (a pool may hold one).
    lease c = pool_.acquire();
    if (!c) return errc::backend_failure;
    auto r = write_transaction(
        *c, [&](sql_connection& c) { return end_in_transaction(c, meeting_id, at); },
        [](const db_error& e) -> db_result<std::int64_t> { return e; });
    if (!r) return failed(r.error(), "end_meeting");
    changed = *r;
  }
  auto m = find_meeting(meeting_id);
  if (m && changed == 0) return errc::meeting_ended;
  return m;
}

std::vector<result<attendance_outcome>> sql_store::record_attendance(
    std::span<const attendance> changes) {
  using results = std::vector<result<attendance_outcome>>;
  {
    lease c = pool_.acquire();
    if (!c) return results(changes.size(), errc::backend_failure);
    auto batch = apply_attendance(*c, changes);
    if (batch) return std::move(*batch);
    if (changes.size() == 1) return results(1, failed(batch.error(), "record_attendance"));
  }
  // A statement failed and nothing was applied: each change alone, so that one change's
  // failure (a user who does not exist, a deadlock) is not every change's.
  results out;
  out.reserve(changes.size());
  for (const auto& one : changes) out.push_back(record(one));
  return out;
}

result<bool> sql_store::is_participant(std::string_view meeting_id, std::string_view user_id) {
  lease c = pool_.acquire();
  if (!c) return errc::backend_failure;
  auto r = c->run("SELECT 1 FROM participants WHERE meeting_id = ?1 AND user_id = ?2", meeting_id,
                  user_id);
  if (!r) return failed(r.error(), "is_participant");
  return !r->empty();
}

result<message_record> sql_store::add_message(std::string_view meeting_id, std::string_view user_id,
                                              std::string_view text, std::int64_t at) {
  lease c = pool_.acquire();
  if (!c) return errc::backend_failure;
  using out = result<message_record>;
  return write_transaction(
      *c,
      [&](sql_connection& c) -> out {
        auto meeting = lock_active_meeting(c, meeting_id);
        if (!meeting) return failed(meeting.error(), "add_message");
        if (!*meeting) return meeting->error();
        auto name = c.run("SELECT username FROM users WHERE id = ?1", user_id);
        if (!name) return failed(name.error(), "add_message");
        if (name->empty()) return errc::not_found;
        auto ins = c.run(
            "INSERT INTO messages (meeting_id, user_id, text, sent_at) VALUES (?1, ?2, ?3, ?4) "
            "RETURNING id",
            meeting_id, user_id, text, at);
        if (!ins) return failed(ins.error(), "add_message");
        return message_record{ins->integer(0, 0), std::string(meeting_id), std::string(user_id),
                              name->text(0, 0),   std::string(text),       at};
      },
      [](const db_error& e) -> out { return failed(e, "add_message"); });
}

result<void> sql_store::ping() {
  lease c = pool_.acquire();
  if (!c) return errc::backend_failure;
  auto r = c->run("SELECT 1");
  if (!r) return failed(r.error(), "ping");
  return {};
}

void sql_store::close() {
  pool_.close();
}

}  // namespace parley::store
