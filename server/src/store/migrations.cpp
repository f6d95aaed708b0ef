#include "store/migrations.hpp"

#include <array>
#include <cstdint>

#include "core/clock.hpp"

namespace parley::store {

namespace {

struct migration {
  int version;
  const char* sqlite;
  const char* postgresql;
};

// Usernames and emails are unique through *_key columns holding their ASCII-lowercased form
// (NULL for guests), so both databases compare them identically. Times are Unix ms.
constexpr const char* v1_sqlite = R"sql(
CREATE TABLE users (
  id TEXT PRIMARY KEY,
  username TEXT NOT NULL,
  username_key TEXT UNIQUE,
  email TEXT,
  email_key TEXT UNIQUE,
  password_hash TEXT NOT NULL DEFAULT '',
  guest INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL
);
CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
);
CREATE INDEX sessions_user ON sessions(user_id);
CREATE INDEX sessions_expiry ON sessions(expires_at);
CREATE TABLE meetings (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  meeting_id TEXT NOT NULL UNIQUE,
  title TEXT NOT NULL,
  host_id TEXT NOT NULL REFERENCES users(id),
  password_hash TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL,
  ended_at INTEGER
);
CREATE INDEX meetings_host ON meetings(host_id);
CREATE TABLE participants (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  meeting_id TEXT NOT NULL REFERENCES meetings(meeting_id) ON DELETE CASCADE,
  user_id TEXT NOT NULL REFERENCES users(id),
  joined_at INTEGER NOT NULL,
  left_at INTEGER,
  UNIQUE (meeting_id, user_id)
);
CREATE INDEX participants_user ON participants(user_id);
CREATE TABLE messages (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  meeting_id TEXT NOT NULL REFERENCES meetings(meeting_id) ON DELETE CASCADE,
  user_id TEXT NOT NULL REFERENCES users(id),
  text TEXT NOT NULL,
  sent_at INTEGER NOT NULL
);
CREATE INDEX messages_meeting ON messages(meeting_id, id);
)sql";

constexpr const char* v1_postgresql = R"sql(
CREATE TABLE users (
  id TEXT PRIMARY KEY,
  username TEXT NOT NULL,
  username_key TEXT UNIQUE,
  email TEXT,
  email_key TEXT UNIQUE,
  password_hash TEXT NOT NULL DEFAULT '',
  guest INTEGER NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL
);
CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL
);
CREATE INDEX sessions_user ON sessions(user_id);
CREATE INDEX sessions_expiry ON sessions(expires_at);
CREATE TABLE meetings (
  seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  meeting_id TEXT NOT NULL UNIQUE,
  title TEXT NOT NULL,
  host_id TEXT NOT NULL REFERENCES users(id),
  password_hash TEXT NOT NULL DEFAULT '',
  created_at BIGINT NOT NULL,
  ended_at BIGINT
);
CREATE INDEX meetings_host ON meetings(host_id);
CREATE TABLE participants (
  seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  meeting_id TEXT NOT NULL REFERENCES meetings(meeting_id) ON DELETE CASCADE,
  user_id TEXT NOT NULL REFERENCES users(id),
  joined_at BIGINT NOT NULL,
  left_at BIGINT,
  UNIQUE (meeting_id, user_id)
);
CREATE INDEX participants_user ON participants(user_id);
CREATE TABLE messages (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  meeting_id TEXT NOT NULL REFERENCES meetings(meeting_id) ON DELETE CASCADE,
  user_id TEXT NOT NULL REFERENCES users(id),
  text TEXT NOT NULL,
  sent_at BIGINT NOT NULL
);
CREATE INDEX messages_meeting ON messages(meeting_id, id);
)sql";

// v2: stays, one row per stay of a user in a meeting (participants keeps one row per person;
// docs/api.md "Attendance"). Existing participants become one stay each. The partial index
// finds a user's open stay on every join and leave; stays_meeting serves the attendance read.
constexpr const char* v2_sqlite = R"sql(
CREATE TABLE stays (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  meeting_id TEXT NOT NULL REFERENCES meetings(meeting_id) ON DELETE CASCADE,
  user_id TEXT NOT NULL REFERENCES users(id),
  joined_at INTEGER NOT NULL,
  left_at INTEGER
);
CREATE INDEX stays_meeting ON stays(meeting_id, seq);
CREATE INDEX stays_open ON stays(meeting_id, user_id) WHERE left_at IS NULL;
INSERT INTO stays (meeting_id, user_id, joined_at, left_at)
  SELECT meeting_id, user_id, joined_at, left_at FROM participants ORDER BY seq;
)sql";

constexpr const char* v2_postgresql = R"sql(
CREATE TABLE stays (
  seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  meeting_id TEXT NOT NULL REFERENCES meetings(meeting_id) ON DELETE CASCADE,
  user_id TEXT NOT NULL REFERENCES users(id),
  joined_at BIGINT NOT NULL,
  left_at BIGINT
);
CREATE INDEX stays_meeting ON stays(meeting_id, seq);
CREATE INDEX stays_open ON stays(meeting_id, user_id) WHERE left_at IS NULL;
INSERT INTO stays (meeting_id, user_id, joined_at, left_at)
  SELECT meeting_id, user_id, joined_at, left_at FROM participants ORDER BY seq;
)sql";

// v3, moderation (docs/signaling.md "Moderation"): a meeting's lock and lobby flags, its
// cohosts and the users removed from it, so a restarted server keeps them. The same text on
// both databases (TEXT keys, INTEGER flags and times that fit BIGINT on PostgreSQL).
constexpr const char* v3_sqlite = R"sql(
ALTER TABLE meetings ADD COLUMN locked INTEGER NOT NULL DEFAULT 0;
ALTER TABLE meetings ADD COLUMN lobby INTEGER NOT NULL DEFAULT 0;
CREATE TABLE meeting_cohosts (
  meeting_id TEXT NOT NULL REFERENCES meetings(meeting_id) ON DELETE CASCADE,
  user_id TEXT NOT NULL REFERENCES users(id),
  PRIMARY KEY (meeting_id, user_id)
);
CREATE TABLE meeting_bans (
  meeting_id TEXT NOT NULL REFERENCES meetings(meeting_id) ON DELETE CASCADE,
  user_id TEXT NOT NULL REFERENCES users(id),
  banned_at INTEGER NOT NULL,
  PRIMARY KEY (meeting_id, user_id)
);
)sql";

constexpr const char* v3_postgresql = R"sql(
ALTER TABLE meetings ADD COLUMN locked INTEGER NOT NULL DEFAULT 0;
ALTER TABLE meetings ADD COLUMN lobby INTEGER NOT NULL DEFAULT 0;
CREATE TABLE meeting_cohosts (
  meeting_id TEXT NOT NULL REFERENCES meetings(meeting_id) ON DELETE CASCADE,
  user_id TEXT NOT NULL REFERENCES users(id),
  PRIMARY KEY (meeting_id, user_id)
);
CREATE TABLE meeting_bans (
  meeting_id TEXT NOT NULL REFERENCES meetings(meeting_id) ON DELETE CASCADE,
  user_id TEXT NOT NULL REFERENCES users(id),
  banned_at BIGINT NOT NULL,
  PRIMARY KEY (meeting_id, user_id)
);
)sql";

// v4: recordings (docs/recording.md "Storage"). The meeting's row may not be deleted while it
// has recordings (no cascade: a recording outlives nothing but its own DELETE).
constexpr const char* v4_sqlite = R"sql(
CREATE TABLE recordings (
  id TEXT PRIMARY KEY,
  meeting_id TEXT NOT NULL REFERENCES meetings(meeting_id),
  started_at INTEGER NOT NULL,
  ended_at INTEGER,
  status TEXT NOT NULL,
  failure TEXT NOT NULL DEFAULT '',
  duration_ms INTEGER NOT NULL DEFAULT 0,
  bytes INTEGER NOT NULL DEFAULT 0,
  path TEXT NOT NULL DEFAULT ''
);
CREATE INDEX recordings_meeting ON recordings(meeting_id, started_at);
CREATE INDEX recordings_status ON recordings(status);
)sql";

constexpr const char* v4_postgresql = R"sql(
CREATE TABLE recordings (
  id TEXT PRIMARY KEY,
  meeting_id TEXT NOT NULL REFERENCES meetings(meeting_id),
  started_at BIGINT NOT NULL,
  ended_at BIGINT,
  status TEXT NOT NULL,
  failure TEXT NOT NULL DEFAULT '',
  duration_ms BIGINT NOT NULL DEFAULT 0,
  bytes BIGINT NOT NULL DEFAULT 0,
  path TEXT NOT NULL DEFAULT ''
);
CREATE INDEX recordings_meeting ON recordings(meeting_id, started_at);
CREATE INDEX recordings_status ON recordings(status);
)sql";

// v5: keys the server signs with, shared by every process of a cluster (docs/recording.md
// "Links to the file"). Created on first use; the first process to store one wins.
constexpr const char* v5_both = R"sql(
CREATE TABLE server_keys (
  name TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
)sql";

// v6: failed logins, counted in the store by the processes of a cluster (docs/api.md "Failed
// logins"; one process counts in memory). A row per failure, swept once out of the window.
constexpr const char* v6_both = R"sql(
CREATE TABLE failures (
  key TEXT NOT NULL,
  at BIGINT NOT NULL
);
CREATE INDEX failures_by_key ON failures (key, at);
CREATE INDEX failures_by_time ON failures (at);
)sql";

constexpr std::array<migration, 6> all{{{1, v1_sqlite, v1_postgresql},
                                        {2, v2_sqlite, v2_postgresql},
                                        {3, v3_sqlite, v3_postgresql},
                                        {4, v4_sqlite, v4_postgresql},
                                        {5, v5_both, v5_both},
                                        {6, v6_both, v6_both}}};

constexpr const char* create_versions =
    "CREATE TABLE IF NOT EXISTS schema_migrations "
    "(version INTEGER PRIMARY KEY, applied_at BIGINT NOT NULL)";

db_result<void> apply(sql_connection& c, const migration& m) {
  const bool pg = c.kind() == dialect::postgresql;
  if (auto r = c.exec(pg ? m.postgresql : m.sqlite); !r) return r;
  auto r = c.run("INSERT INTO schema_migrations (version, applied_at) VALUES (?1, ?2)",
                 std::int64_t{m.version}, now_unix_ms());
  if (!r) return r.error();
  return {};
}

db_result<void> migrate_locked(sql_connection& c) {
  if (auto r = c.exec(create_versions); !r) return r;
  auto cur = c.run("SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
  if (!cur) return cur.error();
  const std::int64_t current = cur->integer(0, 0);
  if (current > latest_schema_version())
    return db_error{db_error::kind::other, "the database schema (version " +
                                               std::to_string(current) +
                                               ") is newer than this server (" +
                                               std::to_string(latest_schema_version()) + ")"};
  for (const auto& m : all) {
    if (m.version <= current) continue;
    if (auto r = apply(c, m); !r) return r;
  }
  return {};
}

}  // namespace

int latest_schema_version() {
  return all.back().version;
}

db_result<void> migrate(sql_connection& c) {
  const bool pg = c.kind() == dialect::postgresql;
  if (auto r = c.exec(pg ? "BEGIN; SELECT pg_advisory_xact_lock(7263591)" : "BEGIN IMMEDIATE"); !r)
    return r;
  auto r = migrate_locked(c);
  if (!r) {
    (void)c.exec("ROLLBACK");
    return r;
  }
  return c.exec("COMMIT");
}

}  // namespace parley::store
