// The driver seam under sql_store: one open database connection that runs parameterised
// statements. sqlite_connection and pg_connection implement it; sql_store holds the queries.
//
// SQL text is written once for both dialects, with numbered parameters `?1`, `?2`, ...
// (pg_connection rewrites them to `$1`...). Statements are prepared once per connection and
// cached by their text; nothing is ever interpolated into SQL.
//
// Threads: a connection is used by one thread at a time (connection_pool hands it out).
#pragma once

#include <boost/system/result.hpp>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace parley::store {

/// One bound parameter: NULL, an integer, or text (the view must outlive the call).
using param = std::variant<std::nullptr_t, std::int64_t, std::string_view>;

/// Result rows; each cell is the column's text form, or nullopt for NULL.
struct rows {
  std::vector<std::vector<std::optional<std::string>>> data;
  /// Rows changed by an INSERT/UPDATE/DELETE.
  std::int64_t affected = 0;

  bool empty() const { return data.empty(); }
  std::size_t size() const { return data.size(); }
  const std::optional<std::string>& cell(std::size_t r, std::size_t c) const { return data[r][c]; }
  std::string text(std::size_t r, std::size_t c) const { return data[r][c].value_or(""); }
  std::int64_t integer(std::size_t r, std::size_t c) const;
  std::optional<std::int64_t> nullable_integer(std::size_t r, std::size_t c) const;
};

struct db_error {
  enum class kind {
    unique,       ///< a UNIQUE or PRIMARY KEY constraint failed; `detail` names it
    foreign_key,  ///< a FOREIGN KEY constraint failed
    busy,         ///< lock wait exceeded the busy timeout
    connection,   ///< the connection is unusable (pg: lost); the pool resets it
    other,
  };
  kind k = kind::other;
  std::string detail;  ///< the database's message (constraint name included when known)
};

[[noreturn]] void throw_exception_from_error(const db_error& e, const boost::source_location& loc);

template <class T>
using db_result = boost::system::result<T, db_error>;

enum class dialect { sqlite, postgresql };

class sql_connection {
 public:
  virtual ~sql_connection() = default;

  virtual dialect kind() const = 0;
  /// Runs one statement (prepared and cached on first use) with `params`.
  virtual db_result<rows> query(std::string_view sql, std::span<const param> params) = 0;
  /// Runs a parameterless script of several statements (migrations, BEGIN/COMMIT).
  virtual db_result<void> exec(std::string_view script) = 0;
  /// Whether the connection still works; false after a lost server connection.
  virtual bool ok() = 0;
  /// Reconnects after !ok() (drops cached statements). Best effort.
  virtual void reset() = 0;
  /// Flushes what this connection can (SQLite: WAL checkpoint). Called once before close.
  virtual void flush() {}

  /// query() with parameters given inline.
  template <class... P>
  db_result<rows> run(std::string_view sql, const P&... p) {
    const param ps[] = {param{p}..., param{nullptr}};
    return query(sql, std::span<const param>(ps, sizeof...(P)));
  }
};

}  // namespace parley::store
