#include "store_fixture.hpp"

#include <unistd.h>

#include <cstdlib>
#include <filesystem>

#include "store/pg_connection.hpp"
#include "store/sqlite_connection.hpp"

namespace parley::store::testing {

namespace {

// Each test process works in its own schema (search_path set through the URL), recreated
// empty for every test, so the suite never touches other users of the same database.
std::string schema_name() {
  return "parley_store_test_" + std::to_string(::getpid());
}

void recreate_schema(const std::string& base_url, bool create) {
  auto c = pg_connection::open(base_url);
  ASSERT_TRUE(c) << c.error().detail;
  std::string sql = "DROP SCHEMA IF EXISTS " + schema_name() + " CASCADE;";
  if (create) sql += "CREATE SCHEMA " + schema_name() + ";";
  auto r = (*c)->exec(sql);
  ASSERT_TRUE(r) << r.error().detail;
}

}  // namespace

void store_test::SetUp() {
  if (GetParam() == backend::postgresql) {
    const char* pg = std::getenv("PARLEY_TEST_PG_URL");
    if (!pg || !*pg) GTEST_SKIP() << "PARLEY_TEST_PG_URL is not set: PostgreSQL cases skipped";
    pg_base_ = pg;
    recreate_schema(pg_base_, true);
    url_ = pg_base_ + (pg_base_.find('?') == std::string::npos ? "?" : "&") +
           "options=-csearch_path%3D" + schema_name();
  } else {
    auto base = std::filesystem::temp_directory_path() /
                ("parley-store-" + std::to_string(::getpid()) + "-" +
                 ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(base);
    dir_ = base.string();
    url_ = "sqlite:" + (base / "nested" / "parley.db").string();  // checks the dir is created
  }
  db_ = open();
  ASSERT_TRUE(db_);
}

void store_test::TearDown() {
  if (db_) db_->close();
  db_.reset();
  if (!dir_.empty()) std::filesystem::remove_all(dir_);
  if (!pg_base_.empty()) recreate_schema(pg_base_, false);
}

std::unique_ptr<store> store_test::open() {
  auto r = open_store(url_, {.connections = 3});
  EXPECT_TRUE(r.value) << r.error;
  return std::move(r.value);
}

std::unique_ptr<sql_connection> store_test::raw() {
  if (GetParam() == backend::postgresql) {
    auto c = pg_connection::open(url_);
    EXPECT_TRUE(c) << c.error().detail;
    return c ? std::unique_ptr<sql_connection>(std::move(*c)) : nullptr;
  }
  auto c = sqlite_connection::open(url_.substr(7), 5000);
  EXPECT_TRUE(c) << c.error().detail;
  return c ? std::unique_ptr<sql_connection>(std::move(*c)) : nullptr;
}

user_record store_test::make_user(const std::string& name, bool guest) {
  user_record u;
  u.id = "u-" + name;
  u.username = name;
  if (!guest) u.email = name + "@example.org";
  u.password_hash = guest ? "" : "$argon2id$fake";
  u.guest = guest;
  u.created_at = 1'700'000'000'000;
  return u;
}

meeting_record store_test::make_meeting(const std::string& id, const std::string& host) {
  meeting_record m;
  m.meeting_id = id;
  m.title = "Title " + id;
  m.host_id = host;
  m.created_at = 1'700'000'000'000;
  return m;
}

std::string backend_name(const ::testing::TestParamInfo<backend>& info) {
  return info.param == backend::sqlite ? "sqlite" : "postgresql";
}

}  // namespace parley::store::testing
