// Failure counts shared by a cluster (docs/api.md "Failed logins"), against every backend:
// the nth newest failure within a window, forgetting a key's old failures as it records, and
// the sweep of every key's.
#include "store_fixture.hpp"

namespace parley::store::testing {
namespace {

using failures_test = store_test;

TEST_P(failures_test, finds_the_nth_newest_failure_after_a_time) {
  for (std::int64_t at : {100, 200, 300}) ASSERT_TRUE(db_->record_failure("k", at, 0, ""));
  ASSERT_TRUE(db_->record_failure("other", 400, 0, ""));
  EXPECT_EQ(*db_->nth_failure("k", 0, 1), 300);
  EXPECT_EQ(*db_->nth_failure("k", 0, 3), 100);
  EXPECT_EQ(db_->nth_failure("k", 0, 4).error(), errc::not_found);
  EXPECT_EQ(db_->nth_failure("k", 100, 3).error(), errc::not_found);  // 100 is not after 100
  EXPECT_EQ(*db_->nth_failure("k", 100, 2), 200);
  EXPECT_EQ(db_->nth_failure("k", 0, 0).error(), errc::not_found);
  EXPECT_EQ(db_->nth_failure("nobody", 0, 1).error(), errc::not_found);
}

TEST_P(failures_test, forgets_a_keys_old_failures_and_sweeps_its_kind) {
  for (std::int64_t at : {100, 200}) {
    ASSERT_TRUE(db_->record_failure("x a", at, 0, ""));
    ASSERT_TRUE(db_->record_failure("x b", at, 0, ""));
    ASSERT_TRUE(db_->record_failure("y b", at, 0, ""));
  }
  ASSERT_TRUE(db_->record_failure("x a", 300, 250, ""));  // forgets x a's 100 and 200 only
  EXPECT_EQ(db_->nth_failure("x a", 0, 2).error(), errc::not_found);
  EXPECT_EQ(*db_->nth_failure("x b", 0, 2), 100);
  ASSERT_TRUE(db_->record_failure("x c", 300, 150, "x "));  // the sweep: x b's 100 goes too
  EXPECT_EQ(*db_->nth_failure("x b", 0, 1), 200);
  EXPECT_EQ(db_->nth_failure("x b", 0, 2).error(), errc::not_found);
  EXPECT_EQ(*db_->nth_failure("y b", 0, 2), 100);  // another kind keeps its own
  db_ = open();
  EXPECT_EQ(*db_->nth_failure("x a", 0, 1), 300);  // kept across a reopen (and a restart)
}

INSTANTIATE_TEST_SUITE_P(backends, failures_test,
                         ::testing::Values(backend::sqlite, backend::postgresql), backend_name);

}  // namespace
}  // namespace parley::store::testing
