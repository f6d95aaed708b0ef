// sql_store: account settings (docs/api.md "Account settings"): renaming, a new password,
// revoking a user's other sessions, deleting an account.
#include "store/sql_common.hpp"
#include "store/sql_store.hpp"

namespace parley::store {

namespace {

std::vector<std::string> first_column(const rows& r) {
  std::vector<std::string> out;
  out.reserve(r.size());
  for (std::size_t i = 0; i < r.size(); ++i) out.push_back(r.text(i, 0));
  return out;
}

db_result<result<deleted_user>> delete_in_transaction(sql_connection& c, std::string_view user_id,
                                                      std::string_view deleted_name,
                                                      std::int64_t at) {
  auto row = c.run(
      "UPDATE users SET username = ?2, username_key = NULL, email = NULL, email_key = NULL, "
      "password_hash = '' WHERE id = ?1",
      user_id, deleted_name);
  if (!row) return row.error();
  if (row->affected == 0) return result<deleted_user>(errc::not_found);
  deleted_user out;
  auto sessions = c.run("DELETE FROM sessions WHERE user_id = ?1 RETURNING token_hash", user_id);
  if (!sessions) return sessions.error();
  out.sessions = first_column(*sessions);
  auto hosted =
      c.run("SELECT meeting_id FROM meetings WHERE host_id = ?1 AND ended_at IS NULL", user_id);
  if (!hosted) return hosted.error();
  for (auto& id : first_column(*hosted)) {
    auto ended = end_in_transaction(c, id, at);
    if (!ended) return ended.error();
    if (*ended) out.ended_meetings.push_back(std::move(id));
  }
  return result<deleted_user>(std::move(out));
}

}  // namespace

result<void> sql_store::rename_user(std::string_view user_id, std::string_view username) {
  auto c = pool_.acquire();
  if (!c) return errc::backend_failure;
  const std::string key = fold_case(username);
  auto r = c->run(
      "UPDATE users SET username = ?2, "
      "username_key = CASE WHEN guest = 0 THEN CAST(?3 AS TEXT) ELSE NULL END WHERE id = ?1",
      user_id, username, key);
  if (!r) return failed(r.error(), "rename_user");
  if (r->affected == 0) return errc::not_found;
  return {};
}

result<void> sql_store::set_password_hash(std::string_view user_id, std::string_view hash) {
  auto c = pool_.acquire();
  if (!c) return errc::backend_failure;
  auto r = c->run("UPDATE users SET password_hash = ?2 WHERE id = ?1", user_id, hash);
  if (!r) return failed(r.error(), "set_password_hash");
  if (r->affected == 0) return errc::not_found;
  return {};
}

result<deleted_user> sql_store::delete_user(std::string_view user_id, std::string_view deleted_name,
                                            std::int64_t at) {
  auto c = pool_.acquire();
  if (!c) return errc::backend_failure;
  auto r = write_transaction(
      *c, [&](sql_connection& c) { return delete_in_transaction(c, user_id, deleted_name, at); },
      [](const db_error& e) -> db_result<result<deleted_user>> { return e; });
  if (!r) return failed(r.error(), "delete_user");
  return std::move(*r);
}

result<std::vector<std::string>> sql_store::sessions_of(std::string_view user_id) {
  auto c = pool_.acquire();
  if (!c) return errc::backend_failure;
  auto r = c->run("SELECT token_hash FROM sessions WHERE user_id = ?1", user_id);
  if (!r) return failed(r.error(), "sessions_of");
  return first_column(*r);
}

result<std::vector<std::string>> sql_store::delete_sessions_of(std::string_view user_id,
                                                               std::string_view keep) {
  auto c = pool_.acquire();
  if (!c) return errc::backend_failure;
  auto r =
      c->run("DELETE FROM sessions WHERE user_id = ?1 AND token_hash <> ?2 RETURNING token_hash",
             user_id, keep);
  if (!r) return failed(r.error(), "delete_sessions_of");
  return first_column(*r);
}

}  // namespace parley::store
