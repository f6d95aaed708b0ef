// A meeting's moderation state (lock, lobby, cohosts, bans), against every backend: written,
// read back, kept across a reopen (what a server restart relies on).
#include <algorithm>

#include "store_fixture.hpp"

namespace parley::store::testing {
namespace {

class moderation_test : public store_test {
 protected:
  void SetUp() override {
    store_test::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    for (auto name : {"host", "ann", "ben"}) ASSERT_TRUE(db_->create_user(make_user(name)));
    ASSERT_TRUE(db_->create_meeting(make_meeting("aaaa-bbbb-cccc", "u-host")));
  }
  static bool has(const std::vector<std::string>& v, const std::string& x) {
    return std::find(v.begin(), v.end(), x) != v.end();
  }
};

TEST_P(moderation_test, a_new_meeting_is_open_with_no_cohosts_or_bans) {
  auto m = db_->find_moderation("aaaa-bbbb-cccc");
  ASSERT_TRUE(m);
  EXPECT_FALSE(m->locked);
  EXPECT_FALSE(m->lobby);
  EXPECT_TRUE(m->cohosts.empty());
  EXPECT_TRUE(m->banned.empty());
  EXPECT_EQ(db_->find_moderation("zzzz-zzzz-zzzz").error(), errc::not_found);
}

TEST_P(moderation_test, a_meeting_created_with_its_lobby_on_reads_back_so) {
  auto m = make_meeting("dddd-eeee-ffff", "u-host");
  m.lobby = true;
  ASSERT_TRUE(db_->create_meeting(m));
  EXPECT_TRUE(db_->find_moderation("dddd-eeee-ffff")->lobby);
  EXPECT_TRUE(db_->find_meeting("dddd-eeee-ffff")->lobby);
  EXPECT_FALSE(db_->find_meeting("dddd-eeee-ffff")->locked);
}

TEST_P(moderation_test, flags_are_set_and_cleared_one_at_a_time) {
  ASSERT_TRUE(db_->set_meeting_flag("aaaa-bbbb-cccc", meeting_flag::locked, true));
  auto m = db_->find_moderation("aaaa-bbbb-cccc");
  EXPECT_TRUE(m->locked);
  EXPECT_FALSE(m->lobby);
  ASSERT_TRUE(db_->set_meeting_flag("aaaa-bbbb-cccc", meeting_flag::lobby, true));
  ASSERT_TRUE(db_->set_meeting_flag("aaaa-bbbb-cccc", meeting_flag::locked, false));
  m = db_->find_moderation("aaaa-bbbb-cccc");
  EXPECT_FALSE(m->locked);
  EXPECT_TRUE(m->lobby);
  EXPECT_EQ(db_->set_meeting_flag("zzzz-zzzz-zzzz", meeting_flag::lobby, true).error(),
            errc::not_found);
}

TEST_P(moderation_test, cohosts_are_added_once_and_removed) {
  ASSERT_TRUE(db_->set_cohost("aaaa-bbbb-cccc", "u-ann", true));
  ASSERT_TRUE(db_->set_cohost("aaaa-bbbb-cccc", "u-ann", true));  // idempotent
  ASSERT_TRUE(db_->set_cohost("aaaa-bbbb-cccc", "u-ben", true));
  EXPECT_EQ(db_->find_moderation("aaaa-bbbb-cccc")->cohosts.size(), 2u);
  ASSERT_TRUE(db_->set_cohost("aaaa-bbbb-cccc", "u-ann", false));
  ASSERT_TRUE(db_->set_cohost("aaaa-bbbb-cccc", "u-ann", false));  // idempotent
  EXPECT_EQ(db_->find_moderation("aaaa-bbbb-cccc")->cohosts, std::vector<std::string>{"u-ben"});
  EXPECT_EQ(db_->set_cohost("aaaa-bbbb-cccc", "u-ghost", true).error(), errc::not_found);
  EXPECT_EQ(db_->set_cohost("zzzz-zzzz-zzzz", "u-ann", true).error(), errc::not_found);
}

TEST_P(moderation_test, a_ban_is_kept_once_and_drops_the_cohost_role) {
  ASSERT_TRUE(db_->set_cohost("aaaa-bbbb-cccc", "u-ann", true));
  ASSERT_TRUE(db_->ban_user("aaaa-bbbb-cccc", "u-ann", 10));
  ASSERT_TRUE(db_->ban_user("aaaa-bbbb-cccc", "u-ann", 20));  // idempotent
  auto m = db_->find_moderation("aaaa-bbbb-cccc");
  EXPECT_EQ(m->banned, std::vector<std::string>{"u-ann"});
  EXPECT_TRUE(m->cohosts.empty());
  EXPECT_EQ(db_->ban_user("aaaa-bbbb-cccc", "u-ghost", 10).error(), errc::not_found);
  EXPECT_EQ(db_->ban_user("zzzz-zzzz-zzzz", "u-ann", 10).error(), errc::not_found);
}

TEST_P(moderation_test, everything_survives_a_reopen) {
  ASSERT_TRUE(db_->set_meeting_flag("aaaa-bbbb-cccc", meeting_flag::locked, true));
  ASSERT_TRUE(db_->set_meeting_flag("aaaa-bbbb-cccc", meeting_flag::lobby, true));
  ASSERT_TRUE(db_->set_cohost("aaaa-bbbb-cccc", "u-ann", true));
  ASSERT_TRUE(db_->ban_user("aaaa-bbbb-cccc", "u-ben", 10));
  db_->close();
  db_ = open();
  ASSERT_TRUE(db_);
  auto m = db_->find_moderation("aaaa-bbbb-cccc");
  ASSERT_TRUE(m);
  EXPECT_TRUE(m->locked);
  EXPECT_TRUE(m->lobby);
  EXPECT_TRUE(has(m->cohosts, "u-ann"));
  EXPECT_TRUE(has(m->banned, "u-ben"));
  // The meeting's other data reads as before (the v2 columns sit beside v1's).
  EXPECT_EQ(db_->find_meeting("aaaa-bbbb-cccc")->title, "Title aaaa-bbbb-cccc");
}

INSTANTIATE_TEST_SUITE_P(backends, moderation_test,
                         ::testing::Values(backend::sqlite, backend::postgresql), backend_name);

}  // namespace
}  // namespace parley::store::testing
