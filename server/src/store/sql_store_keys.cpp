// sql_store's server keys (migration v5; docs/recording.md "Links to the file"): one row per
// key name. INSERT ... ON CONFLICT DO NOTHING then SELECT, so processes racing to create a key
// all read the one that was stored first (SQLite and PostgreSQL both speak this).
#include "store/sql_common.hpp"
#include "store/sql_store.hpp"

namespace parley::store {

result<std::string> sql_store::server_key(std::string_view name, std::string_view candidate) {
  auto c = pool_.acquire();
  if (!c) return errc::backend_failure;
  auto put =
      c->run("INSERT INTO server_keys (name, value) VALUES (?1, ?2) ON CONFLICT (name) DO NOTHING",
             name, candidate);
  if (!put) return failed(put.error(), "server_key");
  auto q = c->run("SELECT value FROM server_keys WHERE name = ?1", name);
  if (!q) return failed(q.error(), "server_key");
  if (q->empty()) return errc::not_found;
  return q->text(0, 0);
}

}  // namespace parley::store
