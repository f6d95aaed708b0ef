// sql_store's recordings (docs/recording.md "Storage"; migration v4): one row per recording,
// read by meeting (index recordings_meeting) or by status (recordings_status: the ones a
// restart must finish).
#include "store/sql_common.hpp"
#include "store/sql_store.hpp"

namespace parley::store {

namespace {

constexpr const char* columns =
    "id, meeting_id, started_at, ended_at, status, failure, duration_ms, bytes, path";

recording_record recording_at(const rows& r, std::size_t i) {
  return {r.text(i, 0), r.text(i, 1), r.integer(i, 2), r.nullable_integer(i, 3),
          r.text(i, 4), r.text(i, 5), r.integer(i, 6), r.integer(i, 7),
          r.text(i, 8)};
}

std::vector<recording_record> recordings_at(const rows& r) {
  std::vector<recording_record> out;
  out.reserve(r.size());
  for (std::size_t i = 0; i < r.size(); ++i) out.push_back(recording_at(r, i));
  return out;
}

param nullable(const std::optional<std::int64_t>& v) {
  return v ? param{*v} : param{nullptr};
}

}  // namespace

result<void> sql_store::create_recording(const recording_record& r) {
  auto c = pool_.acquire();
  if (!c) return errc::backend_failure;
  const param ps[] = {r.id,     r.meeting_id, r.started_at,  nullable(r.ended_at),
                      r.status, r.failure,    r.duration_ms, r.bytes,
                      r.path};
  auto q = c->query(std::string("INSERT INTO recordings (") + columns +
                        ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                    ps);
  if (!q) return failed(q.error(), "create_recording");
  return {};
}

result<recording_record> sql_store::find_recording(std::string_view id) {
  auto c = pool_.acquire();
  if (!c) return errc::backend_failure;
  auto q = c->run(std::string("SELECT ") + columns + " FROM recordings WHERE id = ?1", id);
  if (!q) return failed(q.error(), "find_recording");
  if (q->empty()) return errc::not_found;
  return recording_at(*q, 0);
}

result<std::vector<recording_record>> sql_store::recordings_of(std::string_view meeting_id) {
  auto c = pool_.acquire();
  if (!c) return errc::backend_failure;
  auto q = c->run(std::string("SELECT ") + columns +
                      " FROM recordings WHERE meeting_id = ?1 ORDER BY started_at, id",
                  meeting_id);
  if (!q) return failed(q.error(), "recordings_of");
  return recordings_at(*q);
}

result<std::vector<recording_record>> sql_store::recordings_with_status(std::string_view status) {
  auto c = pool_.acquire();
  if (!c) return errc::backend_failure;
  auto q = c->run(std::string("SELECT ") + columns +
                      " FROM recordings WHERE status = ?1 ORDER BY started_at, id",
                  status);
  if (!q) return failed(q.error(), "recordings_with_status");
  return recordings_at(*q);
}

result<void> sql_store::update_recording(const recording_record& r) {
  auto c = pool_.acquire();
  if (!c) return errc::backend_failure;
  const param ps[] = {r.id,  nullable(r.ended_at), r.status, r.failure, r.duration_ms, r.bytes,
                      r.path};
  auto q = c->query(
      "UPDATE recordings SET ended_at = ?2, status = ?3, failure = ?4, duration_ms = ?5, "
      "bytes = ?6, path = ?7 WHERE id = ?1",
      ps);
  if (!q) return failed(q.error(), "update_recording");
  if (q->affected == 0) return errc::not_found;
  return {};
}

result<void> sql_store::delete_recording(std::string_view id) {
  auto c = pool_.acquire();
  if (!c) return errc::backend_failure;
  auto q = c->run("DELETE FROM recordings WHERE id = ?1", id);
  if (!q) return failed(q.error(), "delete_recording");
  if (q->affected == 0) return errc::not_found;
  return {};
}

}  // namespace parley::store
