// The faulty store (store/faulty_store.hpp): forwards until told to fail, then fails the Nth
// call, one method, or everything with backend_failure, without reaching the real store.
#include "store/faulty_store.hpp"

#include "store_fixture.hpp"

namespace parley::store::testing {
namespace {

class faulty_store_test : public store_test {
 protected:
  void SetUp() override {
    store_test::SetUp();
    faulty_ = std::make_unique<faulty_store>(std::move(db_));
  }
  void TearDown() override {
    db_ = std::move(faulty_);
    store_test::TearDown();
  }
  std::unique_ptr<faulty_store> faulty_;
};

TEST_P(faulty_store_test, forwards_every_call_until_told_to_fail) {
  ASSERT_TRUE(faulty_->create_user(make_user("alice")));
  ASSERT_TRUE(faulty_->create_meeting(make_meeting("m-1", "u-alice")));
  EXPECT_TRUE(faulty_->add_participant("m-1", "u-alice", 1));
  EXPECT_EQ(faulty_->find_meeting("m-1")->participants.size(), 1u);
  EXPECT_TRUE(faulty_->ping());
  EXPECT_EQ(faulty_->calls(), 5u);
  EXPECT_EQ(faulty_->failures(), 0u);
}

TEST_P(faulty_store_test, fails_the_nth_call_once_and_it_never_reaches_the_store) {
  faulty_->fail_nth(2);
  EXPECT_TRUE(faulty_->ping());
  EXPECT_EQ(faulty_->create_user(make_user("alice")).error(), errc::backend_failure);
  EXPECT_EQ(faulty_->find_user("u-alice").error(), errc::not_found);  // not written
  EXPECT_TRUE(faulty_->create_user(make_user("alice")));
  EXPECT_EQ(faulty_->failures(), 1u);
  faulty_->fail_nth(1);
  faulty_->fail_nth(0);  // 0 cancels
  EXPECT_TRUE(faulty_->ping());
}

TEST_P(faulty_store_test, fails_a_chosen_method_until_healed) {
  ASSERT_TRUE(faulty_->create_user(make_user("alice")));
  ASSERT_TRUE(faulty_->create_meeting(make_meeting("m-1", "u-alice")));
  faulty_->fail(method::record_attendance);
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(faulty_->add_participant("m-1", "u-alice", 1).error(), errc::backend_failure);
    EXPECT_TRUE(faulty_->find_meeting("m-1"));  // other methods pass
  }
  const attendance batch[] = {{attendance::kind::join, "m-1", "u-alice", 1},
                              {attendance::kind::leave, "m-1", "u-alice", 2}};
  auto results = faulty_->record_attendance(batch);
  ASSERT_EQ(results.size(), 2u);
  for (auto& r : results) EXPECT_EQ(r.error(), errc::backend_failure);
  faulty_->heal();
  EXPECT_TRUE(faulty_->add_participant("m-1", "u-alice", 1));
}

TEST_P(faulty_store_test, fails_everything_until_healed) {
  faulty_->fail_all();
  EXPECT_EQ(faulty_->ping().error(), errc::backend_failure);
  EXPECT_EQ(faulty_->find_user_by_login("x").error(), errc::backend_failure);
  EXPECT_EQ(faulty_->recent_messages("m-1", 10, std::nullopt).error(), errc::backend_failure);
  faulty_->heal();
  EXPECT_TRUE(faulty_->ping());
  EXPECT_EQ(faulty_->failures(), 3u);
}

// The decorator does not depend on the database: SQLite is enough.
INSTANTIATE_TEST_SUITE_P(sqlite, faulty_store_test, ::testing::Values(backend::sqlite),
                         backend_name);

}  // namespace
}  // namespace parley::store::testing
