// The shared store suite runs every test against each backend: SQLite always, PostgreSQL
// when PARLEY_TEST_PG_URL is set (otherwise those cases skip with a message). Each test
// starts from an empty database (PostgreSQL: a fresh schema of this process's own).
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "store/open.hpp"
#include "store/sql_connection.hpp"
#include "store/store.hpp"

namespace parley::store::testing {

enum class backend { sqlite, postgresql };

class store_test : public ::testing::TestWithParam<backend> {
 protected:
  void SetUp() override;
  void TearDown() override;

  /// Opens (or reopens) the test's database.
  std::unique_ptr<store> open();

  /// A direct connection to the test's database, for seeding in bulk with one statement.
  std::unique_ptr<sql_connection> raw();

  user_record make_user(const std::string& name, bool guest = false);
  meeting_record make_meeting(const std::string& id, const std::string& host);

  std::string url_;
  std::string pg_base_;  // PARLEY_TEST_PG_URL, when testing PostgreSQL
  std::string dir_;
  std::unique_ptr<store> db_;
};

std::string backend_name(const ::testing::TestParamInfo<backend>& info);

}  // namespace parley::store::testing
