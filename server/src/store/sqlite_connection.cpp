#include "store/sqlite_connection.hpp"

#include <sqlite3.h>

namespace parley::store {

namespace {

struct reset_on_exit {
  sqlite3_stmt* s;
  ~reset_on_exit() {
    sqlite3_reset(s);
    sqlite3_clear_bindings(s);
  }
};

int bind(sqlite3_stmt* s, int i, const param& p) {
  if (std::holds_alternative<std::int64_t>(p))
    return sqlite3_bind_int64(s, i, std::get<std::int64_t>(p));
  if (std::holds_alternative<std::string_view>(p)) {
    auto v = std::get<std::string_view>(p);
    return sqlite3_bind_text64(s, i, v.data(), v.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
  }
  return sqlite3_bind_null(s, i);
}

}  // namespace

db_result<std::unique_ptr<sqlite_connection>> sqlite_connection::open(const std::string& path,
                                                                      int busy_timeout_ms) {
  sqlite3* db = nullptr;
  const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
  int rc = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
  if (rc != SQLITE_OK) {
    db_error e{db_error::kind::connection, "cannot open SQLite database '" + path + "': " +
                                               (db ? sqlite3_errmsg(db) : sqlite3_errstr(rc))};
    sqlite3_close_v2(db);
    return e;
  }
  sqlite3_extended_result_codes(db, 1);
  sqlite3_busy_timeout(db, busy_timeout_ms);
  std::unique_ptr<sqlite_connection> c(new sqlite_connection(db));
  // WAL lets readers run beside the one writer. NORMAL syncs at checkpoints, not at each
  // commit: a commit survives the process being killed (SIGKILL, crash) and the database is
  // never corrupted; only a power loss can drop the last commits. FULL cost one fdatasync per
  // join, which bounded a join storm by the disk.
  auto r = c->exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;");
  if (!r)
    return db_error{db_error::kind::connection,
                    "cannot configure SQLite database '" + path + "': " + r.error().detail};
  return c;
}

sqlite_connection::~sqlite_connection() {
  for (auto& [sql, s] : cache_) sqlite3_finalize(s);
  sqlite3_close_v2(db_);
}

db_error sqlite_connection::error(int rc) const {
  db_error e{db_error::kind::other, sqlite3_errmsg(db_)};
  if (rc == SQLITE_CONSTRAINT_UNIQUE || rc == SQLITE_CONSTRAINT_PRIMARYKEY)
    e.k = db_error::kind::unique;
  else if (rc == SQLITE_CONSTRAINT_FOREIGNKEY)
    e.k = db_error::kind::foreign_key;
  else if ((rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED)
    e.k = db_error::kind::busy;
  return e;
}

db_result<sqlite3_stmt*> sqlite_connection::prepare(std::string_view sql) {
  std::string key(sql);
  if (auto it = cache_.find(key); it != cache_.end()) return it->second;
  sqlite3_stmt* s = nullptr;
  int rc = sqlite3_prepare_v3(db_, key.data(), static_cast<int>(key.size()),
                              SQLITE_PREPARE_PERSISTENT, &s, nullptr);
  if (rc != SQLITE_OK) return error(rc);
  cache_.emplace(std::move(key), s);
  return s;
}

db_result<rows> sqlite_connection::query(std::string_view sql, std::span<const param> params) {
  auto prepared = prepare(sql);
  if (!prepared) return prepared.error();
  sqlite3_stmt* s = *prepared;
  reset_on_exit guard{s};
  for (std::size_t i = 0; i < params.size(); ++i) {
    if (int rc = bind(s, static_cast<int>(i + 1), params[i]); rc != SQLITE_OK) return error(rc);
  }
  rows out;
  const int columns = sqlite3_column_count(s);
  for (;;) {
    int rc = sqlite3_step(s);
    if (rc == SQLITE_DONE) break;
    if (rc != SQLITE_ROW) return error(sqlite3_extended_errcode(db_));
    auto& row = out.data.emplace_back();
    row.reserve(static_cast<std::size_t>(columns));
    for (int c = 0; c < columns; ++c) {
      if (sqlite3_column_type(s, c) == SQLITE_NULL) {
        row.emplace_back(std::nullopt);
        continue;
      }
      auto* text = reinterpret_cast<const char*>(sqlite3_column_text(s, c));
      row.emplace_back(std::string(text, static_cast<std::size_t>(sqlite3_column_bytes(s, c))));
    }
  }
  out.affected = sqlite3_changes64(db_);
  return out;
}

db_result<void> sqlite_connection::exec(std::string_view script) {
  std::string text(script);
  char* msg = nullptr;
  int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &msg);
  if (rc == SQLITE_OK) return {};
  db_error e = error(sqlite3_extended_errcode(db_));
  if (msg) {
    e.detail = msg;
    sqlite3_free(msg);
  }
  return e;
}

void sqlite_connection::flush() {
  sqlite3_wal_checkpoint_v2(db_, nullptr, SQLITE_CHECKPOINT_TRUNCATE, nullptr, nullptr);
}

}  // namespace parley::store
