// Builds a store from the contract's --store URL and applies pending migrations.
#pragma once

#include <boost/system/result.hpp>
#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

#include "store/store.hpp"

namespace parley::store {

struct open_options {
  /// Connections kept open (PostgreSQL pool; SQLite reader/writer handles). Match it to the
  /// blocking pool's thread count: more connections than threads are never used.
  std::size_t connections = 4;
  /// SQLite: how long a writer waits for the lock before failing (busy_timeout).
  int busy_timeout_ms = 5000;
};

/// Outcome of open_store: the store, or one clear sentence naming the problem (the app prints
/// it and exits non-zero before binding the port).
struct open_result {
  std::unique_ptr<store> value;
  std::string error;
};

/// `sqlite:PATH` (the parent directory is created; `sqlite::memory:` is an in-memory database
/// for tests) or `postgresql://user:pass@host:port/db` (also `postgres://`). Connects, applies
/// versioned migrations, and fails if the URL is malformed or the database unreachable.
/// Blocking: call at start-up, not on a network thread.
open_result open_store(std::string_view url, const open_options& opts = {});

}  // namespace parley::store
