// sql_store: what a meeting leaves behind, read for its history page (docs/api.md
// "Attendance", "Messages"). Both reads are range scans of one index (stays_meeting,
// messages_meeting), so their cost follows the rows returned, not the meeting's size.
#include "store/sql_common.hpp"
#include "store/sql_store.hpp"

namespace parley::store {

result<std::vector<stay_record>> sql_store::stays_of(std::string_view meeting_id) {
  auto c = pool_.acquire();
  if (!c) return errc::backend_failure;
  auto r = c->run(
      "SELECT s.user_id, u.username, s.joined_at, s.left_at FROM stays s "
      "JOIN users u ON u.id = s.user_id WHERE s.meeting_id = ?1 ORDER BY s.seq",
      meeting_id);
  if (!r) return failed(r.error(), "stays_of");
  std::vector<stay_record> out;
  out.reserve(r->size());
  for (std::size_t i = 0; i < r->size(); ++i)
    out.push_back({r->text(i, 0), r->text(i, 1), r->integer(i, 2), r->nullable_integer(i, 3)});
  return out;
}

result<std::vector<message_record>> sql_store::recent_messages(
    std::string_view meeting_id, std::size_t limit, std::optional<std::int64_t> before_id) {
  auto c = pool_.acquire();
  if (!c) return errc::backend_failure;
  // Ids start at 1 on both databases, so "below the largest int64" is "every message".
  const std::int64_t before = before_id.value_or(INT64_MAX);
  auto r = c->run(
      "SELECT m.id, m.meeting_id, m.user_id, u.username, m.text, m.sent_at "
      "FROM messages m JOIN users u ON u.id = m.user_id "
      "WHERE m.meeting_id = ?1 AND m.id < ?3 ORDER BY m.id DESC LIMIT ?2",
      meeting_id, static_cast<std::int64_t>(limit), before);
  if (!r) return failed(r.error(), "recent_messages");
  std::vector<message_record> out;
  out.reserve(r->size());
  for (std::size_t i = r->size(); i-- > 0;)
    out.push_back({r->integer(i, 0), r->text(i, 1), r->text(i, 2), r->text(i, 3), r->text(i, 4),
                   r->integer(i, 5)});
  return out;
}

}  // namespace parley::store
