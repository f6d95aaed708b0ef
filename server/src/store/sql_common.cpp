#include "store/sql_common.hpp"

#include <string>

#include "core/log.hpp"

namespace parley::store {

errc failed(const db_error& e, std::string_view op) {
  if (e.k == db_error::kind::unique) {
    if (e.detail.find("username_key") != std::string::npos) return errc::username_taken;
    if (e.detail.find("email_key") != std::string::npos) return errc::email_taken;
    return errc::duplicate_id;
  }
  if (e.k == db_error::kind::foreign_key) return errc::not_found;
  log::error("store_failed", {{"op", op}, {"detail", e.detail}});
  return errc::backend_failure;
}

db_result<std::int64_t> end_in_transaction(sql_connection& c, std::string_view meeting_id,
                                           std::int64_t at_ms) {
  auto r = c.run("UPDATE meetings SET ended_at = ?2 WHERE meeting_id = ?1 AND ended_at IS NULL",
                 meeting_id, at_ms);
  if (!r) return r.error();
  if (r->affected == 0) return std::int64_t{0};
  auto stays = c.run("UPDATE stays SET left_at = ?2 WHERE meeting_id = ?1 AND left_at IS NULL",
                     meeting_id, at_ms);
  if (!stays) return stays.error();
  return std::int64_t{1};
}

user_record user_at(const rows& r, std::size_t i) {
  user_record u;
  u.id = r.text(i, 0);
  u.username = r.text(i, 1);
  u.email = r.cell(i, 2);
  u.password_hash = r.text(i, 3);
  u.guest = r.integer(i, 4) != 0;
  u.created_at = r.integer(i, 5);
  return u;
}

meeting_record meeting_at(const rows& r, std::size_t i) {
  meeting_record m;
  m.meeting_id = r.text(i, 0);
  m.title = r.text(i, 1);
  m.host_id = r.text(i, 2);
  m.password_hash = r.text(i, 3);
  m.created_at = r.integer(i, 4);
  m.ended_at = r.nullable_integer(i, 5);
  m.locked = r.integer(i, 6) != 0;
  m.lobby = r.integer(i, 7) != 0;
  return m;
}

participant_record participant_at(const rows& r, std::size_t i, std::size_t first_col) {
  return {r.text(i, first_col), r.integer(i, first_col + 1), r.nullable_integer(i, first_col + 2)};
}

db_result<std::vector<participant_record>> read_participants(sql_connection& c,
                                                             std::string_view meeting_id) {
  auto r = c.run(
      "SELECT user_id, joined_at, left_at FROM participants WHERE meeting_id = ?1 ORDER BY seq",
      meeting_id);
  if (!r) return r.error();
  std::vector<participant_record> out;
  out.reserve(r->size());
  for (std::size_t i = 0; i < r->size(); ++i) out.push_back(participant_at(*r, i, 0));
  return out;
}

db_result<void> begin_write(sql_connection& c) {
  return c.exec(c.kind() == dialect::postgresql ? "BEGIN" : "BEGIN IMMEDIATE");
}

db_result<void> commit(sql_connection& c) {
  auto r = c.exec("COMMIT");
  if (!r) rollback(c);
  return r;
}

void rollback(sql_connection& c) {
  (void)c.exec("ROLLBACK");
}

db_result<result<meeting_record>> lock_active_meeting(sql_connection& c,
                                                      std::string_view meeting_id) {
  static const std::string sqlite_sql =
      std::string("SELECT ") + meeting_columns + " FROM meetings WHERE meeting_id = ?1";
  static const std::string pg_sql = sqlite_sql + " FOR SHARE";
  auto r = c.run(c.kind() == dialect::postgresql ? pg_sql : sqlite_sql, meeting_id);
  if (!r) return r.error();
  if (r->empty()) return result<meeting_record>(errc::not_found);
  meeting_record m = meeting_at(*r, 0);
  if (!m.active()) return result<meeting_record>(errc::meeting_ended);
  return result<meeting_record>(std::move(m));
}

}  // namespace parley::store
