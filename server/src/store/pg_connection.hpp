// sql_connection over one libpq connection: statements are prepared once (named s1, s2, ...)
// after rewriting `?N` to `$N`, parameters travel as text, results come back as text.
#pragma once

#include <memory>
#include <string>
#include <unordered_map>

#include "store/sql_connection.hpp"

struct pg_conn;

namespace parley::store {

class pg_connection final : public sql_connection {
 public:
  /// Connects to `url` (postgresql://user:pass@host:port/db). The error carries libpq's
  /// reason without the password.
  static db_result<std::unique_ptr<pg_connection>> open(const std::string& url);
  ~pg_connection() override;

  dialect kind() const override { return dialect::postgresql; }
  db_result<rows> query(std::string_view sql, std::span<const param> params) override;
  db_result<void> exec(std::string_view script) override;
  bool ok() override;
  void reset() override;

  /// "?1 ... ?12" -> "$1 ... $12" (exposed for tests).
  static std::string rewrite_placeholders(std::string_view sql);

 private:
  explicit pg_connection(pg_conn* c) : conn_(c) {}
  db_result<std::string> prepare(std::string_view sql, int nparams);

  pg_conn* conn_;
  std::unordered_map<std::string, std::string> prepared_;  // sql -> statement name
};

}  // namespace parley::store
