// sql_store's moderation methods: a meeting's lock and lobby flags (columns of meetings),
// its cohosts (meeting_cohosts) and its banned users (meeting_bans); migration v3.
#include "store/connection_pool.hpp"
#include "store/sql_common.hpp"
#include "store/sql_store.hpp"

namespace parley::store {

namespace {

using lease = connection_pool::lease;

/// The user ids of one column-0 result.
std::vector<std::string> user_ids(const rows& r) {
  std::vector<std::string> out;
  out.reserve(r.size());
  for (std::size_t i = 0; i < r.size(); ++i) out.push_back(r.text(i, 0));
  return out;
}

}  // namespace

result<moderation_record> sql_store::find_moderation(std::string_view meeting_id) {
  lease c = pool_.acquire();
  if (!c) return errc::backend_failure;
  auto flags = c->run("SELECT locked, lobby FROM meetings WHERE meeting_id = ?1", meeting_id);
  if (!flags) return failed(flags.error(), "find_moderation");
  if (flags->empty()) return errc::not_found;
  moderation_record out{flags->integer(0, 0) != 0, flags->integer(0, 1) != 0, {}, {}};
  auto cohosts = c->run("SELECT user_id FROM meeting_cohosts WHERE meeting_id = ?1", meeting_id);
  if (!cohosts) return failed(cohosts.error(), "find_moderation");
  out.cohosts = user_ids(*cohosts);
  auto banned = c->run("SELECT user_id FROM meeting_bans WHERE meeting_id = ?1", meeting_id);
  if (!banned) return failed(banned.error(), "find_moderation");
  out.banned = user_ids(*banned);
  return out;
}

result<void> sql_store::set_meeting_flag(std::string_view meeting_id, meeting_flag flag, bool on) {
  lease c = pool_.acquire();
  if (!c) return errc::backend_failure;
  const char* sql = flag == meeting_flag::locked
                        ? "UPDATE meetings SET locked = ?2 WHERE meeting_id = ?1"
                        : "UPDATE meetings SET lobby = ?2 WHERE meeting_id = ?1";
  auto r = c->run(sql, meeting_id, std::int64_t{on ? 1 : 0});
  if (!r) return failed(r.error(), "set_meeting_flag");
  if (r->affected == 0) return errc::not_found;
  return {};
}

result<void> sql_store::set_cohost(std::string_view meeting_id, std::string_view user_id,
                                   bool cohost) {
  lease c = pool_.acquire();
  if (!c) return errc::backend_failure;
  if (!cohost) {
    auto r = c->run("DELETE FROM meeting_cohosts WHERE meeting_id = ?1 AND user_id = ?2",
                    meeting_id, user_id);
    if (!r) return failed(r.error(), "set_cohost");
    return {};
  }
  // The foreign keys make an unknown meeting or user not_found.
  auto r = c->run(
      "INSERT INTO meeting_cohosts (meeting_id, user_id) VALUES (?1, ?2) "
      "ON CONFLICT (meeting_id, user_id) DO NOTHING",
      meeting_id, user_id);
  if (!r) return failed(r.error(), "set_cohost");
  return {};
}

result<void> sql_store::ban_user(std::string_view meeting_id, std::string_view user_id,
                                 std::int64_t at) {
  lease c = pool_.acquire();
  if (!c) return errc::backend_failure;
  using out = result<void>;
  return write_transaction(
      *c,
      [&](sql_connection& c) -> out {
        auto ins = c.run(
            "INSERT INTO meeting_bans (meeting_id, user_id, banned_at) VALUES (?1, ?2, ?3) "
            "ON CONFLICT (meeting_id, user_id) DO NOTHING",
            meeting_id, user_id, at);
        if (!ins) return failed(ins.error(), "ban_user");
        auto del = c.run("DELETE FROM meeting_cohosts WHERE meeting_id = ?1 AND user_id = ?2",
                         meeting_id, user_id);
        if (!del) return failed(del.error(), "ban_user");
        return {};
      },
      [](const db_error& e) -> out { return failed(e, "ban_user"); });
}

}  // namespace parley::store
