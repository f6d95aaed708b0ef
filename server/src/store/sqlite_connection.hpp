// sql_connection over one SQLite handle: WAL journal, foreign keys on, a busy timeout,
// synchronous=FULL (an acknowledged write survives power loss, not only a crash), and a
// per-connection cache of prepared statements.
#pragma once

#include <memory>
#include <string>
#include <unordered_map>

#include "store/sql_connection.hpp"

struct sqlite3;
struct sqlite3_stmt;

namespace parley::store {

class sqlite_connection final : public sql_connection {
 public:
  /// Opens (creating) `path` (":memory:" for a private in-memory database). The error names
  /// the path and SQLite's reason.
  static db_result<std::unique_ptr<sqlite_connection>> open(const std::string& path,
                                                            int busy_timeout_ms);
  ~sqlite_connection() override;

  dialect kind() const override { return dialect::sqlite; }
  db_result<rows> query(std::string_view sql, std::span<const param> params) override;
  db_result<void> exec(std::string_view script) override;
  bool ok() override { return db_ != nullptr; }
  void reset() override {}
  void flush() override;

 private:
  explicit sqlite_connection(sqlite3* db) : db_(db) {}
  db_result<sqlite3_stmt*> prepare(std::string_view sql);
  db_error error(int rc) const;

  sqlite3* db_;
  std::unordered_map<std::string, sqlite3_stmt*> cache_;
};

}  // namespace parley::store
