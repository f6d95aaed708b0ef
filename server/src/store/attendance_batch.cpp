#include "store/attendance_batch.hpp"

#include <string>
#include <unordered_map>

#include "store/sql_common.hpp"

namespace parley::store {

namespace {

using item = result<attendance_outcome>;
/// Meetings locked so far in the transaction: a batch's joins of one meeting read it once
/// (the lock keeps the row as read until the commit).
using locked_meetings = std::unordered_map<std::string, result<meeting_record>>;

db_result<item> join(sql_connection& c, const attendance& a, locked_meetings& locked) {
  auto it = locked.find(a.meeting_id);
  if (it == locked.end()) {
    auto meeting = lock_active_meeting(c, a.meeting_id);
    if (!meeting) return meeting.error();
    it = locked.emplace(a.meeting_id, std::move(*meeting)).first;
  }
  if (!it->second) return item(it->second.error());
  auto ins = c.run(
      "INSERT INTO participants (meeting_id, user_id, joined_at) VALUES (?1, ?2, ?3) "
      "ON CONFLICT (meeting_id, user_id) DO NOTHING",
      a.meeting_id, a.user_id, a.at);
  if (!ins) return ins.error();
  attendance_outcome out{ins->affected == 1, *it->second};
  if (!out.first_join) {
    auto upd =
        c.run("UPDATE participants SET left_at = NULL WHERE meeting_id = ?1 AND user_id = ?2",
              a.meeting_id, a.user_id);
    if (!upd) return upd.error();
  }
  // A join while already present (a second tab) continues the open stay. The casts type
  // PostgreSQL's parameters, which a SELECT list leaves untyped.
  auto stay = c.run(
      "INSERT INTO stays (meeting_id, user_id, joined_at) "
      "SELECT CAST(?1 AS TEXT), CAST(?2 AS TEXT), CAST(?3 AS BIGINT) WHERE NOT EXISTS "
      "(SELECT 1 FROM stays WHERE meeting_id = ?1 AND user_id = ?2 AND left_at IS NULL)",
      a.meeting_id, a.user_id, a.at);
  if (!stay) return stay.error();
  return item(std::move(out));
}

db_result<item> leave(sql_connection& c, const attendance& a) {
  auto r = c.run("UPDATE participants SET left_at = ?3 WHERE meeting_id = ?1 AND user_id = ?2",
                 a.meeting_id, a.user_id, a.at);
  if (!r) return r.error();
  if (r->affected == 0) return item(errc::not_found);
  auto stay = c.run(
      "UPDATE stays SET left_at = ?3 WHERE meeting_id = ?1 AND user_id = ?2 AND left_at IS NULL",
      a.meeting_id, a.user_id, a.at);
  if (!stay) return stay.error();
  return item(attendance_outcome{});
}

// Fills each successful join's participants, read once per meeting after every write.
db_result<void> read_rosters(sql_connection& c, std::vector<item>& out) {
  std::unordered_map<std::string, std::vector<participant_record>> rosters;
  for (auto& r : out) {
    if (!r || !r->meeting) continue;
    auto [it, fresh] = rosters.try_emplace(r->meeting->meeting_id);
    if (fresh) {
      auto ps = read_participants(c, it->first);
      if (!ps) return ps.error();
      it->second = std::move(*ps);
    }
    r->meeting->participants = it->second;
  }
  return {};
}

db_result<std::vector<item>> apply_in_transaction(sql_connection& c,
                                                  std::span<const attendance> changes) {
  std::vector<item> out;
  out.reserve(changes.size());
  locked_meetings locked;
  for (const auto& a : changes) {
    auto r = a.what == attendance::kind::join ? join(c, a, locked) : leave(c, a);
    if (!r) return r.error();
    out.push_back(std::move(*r));
  }
  if (auto r = read_rosters(c, out); !r) return r.error();
  return out;
}

}  // namespace

db_result<std::vector<item>> apply_attendance(sql_connection& c,
                                              std::span<const attendance> changes) {
  return write_transaction(
      c, [changes](sql_connection& c) { return apply_in_transaction(c, changes); },
      [](const db_error& e) -> db_result<std::vector<item>> { return e; });
}

}  // namespace parley::store
