// sql_store's failure counts (migration v6; docs/api.md "Failed logins"): the failed logins of
// a cluster, one row per failure, so that every process refuses the same attempts; the TURN
// grants of a cluster use the same rows (domain/turn_grants.hpp).
#include "store/sql_common.hpp"
#include "store/sql_store.hpp"

namespace parley::store {

result<void> sql_store::record_failure(std::string_view key, std::int64_t at,
                                       std::int64_t forget_before, std::string_view sweep) {
  auto c = pool_.acquire();
  if (!c) return errc::backend_failure;
  auto put = c->run("INSERT INTO failures (key, at) VALUES (?1, ?2)", key, at);
  if (!put) return failed(put.error(), "record_failure");
  auto old = !sweep.empty()
                 ? c->run("DELETE FROM failures WHERE at < ?1 AND substr(key, 1, length(?2)) = ?2",
                          forget_before, sweep)
                 : c->run("DELETE FROM failures WHERE key = ?1 AND at < ?2", key, forget_before);
  if (!old) return failed(old.error(), "record_failure");
  return {};
}

result<std::int64_t> sql_store::nth_failure(std::string_view key, std::int64_t since,
                                            std::size_t nth) {
  if (nth == 0) return errc::not_found;
  auto c = pool_.acquire();
  if (!c) return errc::backend_failure;
  auto q = c->run(
      "SELECT at FROM failures WHERE key = ?1 AND at > ?2 ORDER BY at DESC LIMIT 1 OFFSET ?3", key,
      since, static_cast<std::int64_t>(nth - 1));
  if (!q) return failed(q.error(), "nth_failure");
  if (q->empty()) return errc::not_found;
  return q->integer(0, 0);
}

}  // namespace parley::store
