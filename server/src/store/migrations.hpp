// Versioned schema migrations, applied in order at start-up, all pending ones in one
// transaction, each recording its version in schema_migrations; a database already at the latest
// version is left untouched. Append new versions; never edit a released one.
#pragma once

#include <string>

#include "store/sql_connection.hpp"

namespace parley::store {

/// The latest schema version this build knows.
int latest_schema_version();

/// Brings the database up to latest_schema_version(). PostgreSQL takes an advisory lock so
/// that several servers starting together migrate once. Fails if the database is newer than
/// this build.
db_result<void> migrate(sql_connection& c);

}  // namespace parley::store
