#include "store/open.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <filesystem>
#include <system_error>

#include "store/migrations.hpp"
#include "store/pg_connection.hpp"
#include "store/sql_store.hpp"
#include "store/sqlite_connection.hpp"

namespace parley::store {

namespace {

using connections = std::vector<std::unique_ptr<sql_connection>>;

open_result fail(std::string why) {
  return {nullptr, std::move(why)};
}

/// `text` with the password of `url` (postgresql://user:PASSWORD@host/...) masked, wherever
/// it appears: libpq quotes a malformed URL whole in its error (docs/configuration.md).
std::string redact(std::string text, std::string_view url) {
  const auto scheme = url.find("://");
  const auto at = url.rfind('@');
  if (scheme == std::string_view::npos || at == std::string_view::npos || at < scheme) return text;
  const auto colon = url.find(':', scheme + 3);
  if (colon == std::string_view::npos || colon > at || colon + 1 == at) return text;
  const std::string password(url.substr(colon + 1, at - colon - 1));
  for (auto p = text.find(password); p != std::string::npos; p = text.find(password, p))
    text.replace(p, password.size(), "****");
  return text;
}

/// Creates the database file readable and writable by its owner only (0600) if it does not
/// exist yet: it holds password hashes and chat (docs/configuration.md "Store").
void create_private(const std::string& path) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd >= 0) ::close(fd);
}

open_result finish(connections conns) {
  if (auto m = migrate(*conns.front()); !m)
    return fail("cannot migrate the database: " + m.error().detail);
  return {std::make_unique<sql_store>(std::move(conns)), {}};
}

open_result open_sqlite(std::string path, const open_options& opts) {
  if (path.empty()) return fail("--store sqlite: needs a path, e.g. sqlite:./data/parley.db");
  const bool memory = path == ":memory:";
  if (!memory) {
    std::error_code ec;
    auto dir = std::filesystem::path(path).parent_path();
    if (!dir.empty()) std::filesystem::create_directories(dir, ec);
    if (ec) return fail("cannot create the directory '" + dir.string() + "': " + ec.message());
    create_private(path);
  }
  // An in-memory database is private to its connection, so it gets exactly one.
  const std::size_t n = memory ? 1 : std::max<std::size_t>(1, opts.connections);
  connections conns;
  for (std::size_t i = 0; i < n; ++i) {
    auto c = sqlite_connection::open(path, opts.busy_timeout_ms);
    if (!c) return fail(c.error().detail);
    conns.push_back(std::move(*c));
    if (i == 0) {  // migrate before the others open, so they see the schema
      if (auto m = migrate(*conns.front()); !m)
        return fail("cannot migrate the database: " + m.error().detail);
    }
  }
  return {std::make_unique<sql_store>(std::move(conns)), {}};
}

open_result open_postgresql(const std::string& url, const open_options& opts) {
  connections conns;
  for (std::size_t i = 0; i < std::max<std::size_t>(1, opts.connections); ++i) {
    auto c = pg_connection::open(url);
    if (!c) return fail(redact(c.error().detail, url));
    conns.push_back(std::move(*c));
  }
  return finish(std::move(conns));
}

}  // namespace

open_result open_store(std::string_view url, const open_options& opts) {
  if (url.starts_with("sqlite:")) return open_sqlite(std::string(url.substr(7)), opts);
  if (url.starts_with("postgresql://") || url.starts_with("postgres://"))
    return open_postgresql(std::string(url), opts);
  return fail(redact("unsupported --store URL '" + std::string(url) +
                         "': use sqlite:PATH or postgresql://user:pass@host:port/db",
                     url));
}

}  // namespace parley::store
