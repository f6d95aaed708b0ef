// Stays, transcript paging and account changes, against every backend (docs/api.md
// "Attendance", "Messages", "Account settings").
#include <algorithm>
#include <chrono>

#include "store_fixture.hpp"

namespace parley::store::testing {
namespace {

constexpr const char* meeting_id = "aaaa-bbbb-cccc";

class history_test : public store_test {
 protected:
  void SetUp() override {
    store_test::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    for (auto name : {"host", "ann", "ben"}) ASSERT_TRUE(db_->create_user(make_user(name)));
    ASSERT_TRUE(db_->create_meeting(make_meeting(meeting_id, "u-host")));
  }
};

TEST_P(history_test, each_stay_is_a_row_and_a_second_join_while_present_is_not) {
  ASSERT_TRUE(db_->add_participant(meeting_id, "u-ann", 10));
  ASSERT_TRUE(db_->add_participant(meeting_id, "u-ben", 15));
  ASSERT_TRUE(db_->add_participant(meeting_id, "u-ben", 16));  // a second tab: same stay
  ASSERT_TRUE(db_->mark_left(meeting_id, "u-ann", 20));
  ASSERT_TRUE(db_->mark_left(meeting_id, "u-ann", 21));  // no open stay: nothing to close
  ASSERT_TRUE(db_->add_participant(meeting_id, "u-ann", 30));
  auto stays = db_->stays_of(meeting_id);
  ASSERT_TRUE(stays);
  ASSERT_EQ(stays->size(), 3u);
  EXPECT_EQ((*stays)[0].user_id, "u-ann");
  EXPECT_EQ((*stays)[0].username, "ann");
  EXPECT_EQ((*stays)[0].joined_at, 10);
  EXPECT_EQ((*stays)[0].left_at, 20);
  EXPECT_EQ((*stays)[1].user_id, "u-ben");
  EXPECT_EQ((*stays)[1].joined_at, 15);
  EXPECT_FALSE((*stays)[1].left_at);
  EXPECT_EQ((*stays)[2].user_id, "u-ann");
  EXPECT_EQ((*stays)[2].joined_at, 30);
  // Ending the meeting closes the stays still open.
  ASSERT_TRUE(db_->end_meeting(meeting_id, 40));
  stays = db_->stays_of(meeting_id);
  EXPECT_EQ((*stays)[1].left_at, 40);
  EXPECT_EQ((*stays)[2].left_at, 40);
  EXPECT_EQ((*stays)[0].left_at, 20);
  EXPECT_TRUE(db_->stays_of("zzzz-zzzz-zzzz")->empty());
}

TEST_P(history_test, pages_back_through_the_transcript) {
  for (int i = 0; i < 7; ++i)
    ASSERT_TRUE(db_->add_message(meeting_id, "u-ann", "m" + std::to_string(i), i));
  auto last = db_->recent_messages(meeting_id, 3, std::nullopt);
  ASSERT_EQ(last->size(), 3u);
  EXPECT_EQ(last->front().text, "m4");
  auto before = db_->recent_messages(meeting_id, 3, last->front().id);
  ASSERT_EQ(before->size(), 3u);
  EXPECT_EQ(before->front().text, "m1");
  EXPECT_EQ(before->back().text, "m3");
  auto first = db_->recent_messages(meeting_id, 3, before->front().id);
  ASSERT_EQ(first->size(), 1u);
  EXPECT_EQ(first->front().text, "m0");
  EXPECT_TRUE(db_->recent_messages(meeting_id, 3, first->front().id)->empty());
}

TEST_P(history_test, a_page_of_a_100000_message_meeting_takes_under_50_ms) {
  auto c = raw();
  ASSERT_TRUE(c);
  auto seeded = c->exec(
      "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100000) "
      "INSERT INTO messages (meeting_id, user_id, text, sent_at) "
      "SELECT 'aaaa-bbbb-cccc', 'u-ann', 'message ' || i, i FROM n");
  ASSERT_TRUE(seeded) << seeded.error().detail;
  // Another meeting's chat in the same table, as in a real database.
  ASSERT_TRUE(db_->create_meeting(make_meeting("dddd-eeee-ffff", "u-host")));
  ASSERT_TRUE(db_->add_message("dddd-eeee-ffff", "u-ben", "elsewhere", 1));
  (void)c->exec(GetParam() == backend::postgresql ? "ANALYZE messages" : "ANALYZE");
  auto last = db_->recent_messages(meeting_id, 500, std::nullopt);  // warms the statement cache
  ASSERT_EQ(last->size(), 500u);
  EXPECT_EQ(last->back().text, "message 100000");
  std::optional<std::int64_t> cursor = last->front().id;
  for (int page = 0; page < 5; ++page) {
    // The middle and the start of the transcript, not only its end.
    const std::optional<std::int64_t> at =
        page == 0 ? cursor : std::optional<std::int64_t>(50'000 - page * 500);
    const auto t0 = std::chrono::steady_clock::now();
    auto r = db_->recent_messages(meeting_id, 500, at);
    const auto took = std::chrono::steady_clock::now() - t0;
    ASSERT_TRUE(r);
    ASSERT_EQ(r->size(), 500u);
    EXPECT_LT(r->back().id, *at);
    EXPECT_LT(took, std::chrono::milliseconds(50))
        << "page before " << *at << " took "
        << std::chrono::duration_cast<std::chrono::microseconds>(took).count() << " us";
  }
  const std::int64_t first_id = last->back().id - 99'999;
  auto oldest = db_->recent_messages(meeting_id, 500, first_id + 500);
  ASSERT_TRUE(oldest);
  EXPECT_EQ(oldest->front().text, "message 1");
}

TEST_P(history_test, renames_users_registered_names_stay_unique) {
  ASSERT_TRUE(db_->rename_user("u-ann", "annie"));
  EXPECT_EQ(db_->find_user("u-ann")->username, "annie");
  EXPECT_TRUE(db_->find_user_by_login("ANNIE"));
  EXPECT_FALSE(db_->find_user_by_login("ann"));
  EXPECT_EQ(db_->rename_user("u-ben", "Annie").error(), errc::username_taken);
  auto g = make_user("Guest", true);
  ASSERT_TRUE(db_->create_user(g));
  ASSERT_TRUE(db_->rename_user(g.id, "annie"));  // guests' names are not unique
  EXPECT_FALSE(db_->find_user_by_login("annie")->guest);
  EXPECT_EQ(db_->rename_user("u-nobody", "x").error(), errc::not_found);
  ASSERT_TRUE(db_->set_password_hash("u-ann", "$argon2id$new"));
  EXPECT_EQ(db_->find_user("u-ann")->password_hash, "$argon2id$new");
  EXPECT_EQ(db_->set_password_hash("u-nobody", "x").error(), errc::not_found);
}

TEST_P(history_test, revokes_a_users_other_sessions) {
  for (auto h : {"h1", "h2", "h3"})
    ASSERT_TRUE(db_->create_session({h, "u-ann", 1, 4'000'000'000'000}));
  ASSERT_TRUE(db_->create_session({"hb", "u-ben", 1, 4'000'000'000'000}));
  auto all = db_->sessions_of("u-ann");
  EXPECT_EQ(all->size(), 3u);
  auto gone = db_->delete_sessions_of("u-ann", "h2");
  ASSERT_TRUE(gone);
  std::sort(gone->begin(), gone->end());
  EXPECT_EQ(*gone, (std::vector<std::string>{"h1", "h3"}));
  EXPECT_TRUE(db_->find_session_user("h2", 2));
  EXPECT_FALSE(db_->find_session_user("h1", 2));
  EXPECT_TRUE(db_->find_session_user("hb", 2));
}

TEST_P(history_test, deleting_a_user_keeps_their_chat_under_the_given_name) {
  ASSERT_TRUE(db_->create_meeting(make_meeting("dddd-eeee-ffff", "u-ann")));
  ASSERT_TRUE(db_->create_meeting(make_meeting("gggg-hhhh-iiii", "u-ann")));
  ASSERT_TRUE(db_->end_meeting("gggg-hhhh-iiii", 5));
  ASSERT_TRUE(db_->add_participant(meeting_id, "u-ann", 10));
  ASSERT_TRUE(db_->add_participant("dddd-eeee-ffff", "u-ben", 11));
  ASSERT_TRUE(db_->add_message(meeting_id, "u-ann", "hello", 12));
  ASSERT_TRUE(db_->create_session({"h1", "u-ann", 1, 4'000'000'000'000}));
  auto d = db_->delete_user("u-ann", "deleted user", 50);
  ASSERT_TRUE(d);
  EXPECT_EQ(d->sessions, std::vector<std::string>{"h1"});
  EXPECT_EQ(d->ended_meetings, std::vector<std::string>{"dddd-eeee-ffff"});
  EXPECT_EQ(db_->find_meeting("dddd-eeee-ffff")->ended_at, 50);
  EXPECT_EQ(db_->find_meeting("gggg-hhhh-iiii")->ended_at, 5);
  EXPECT_EQ(db_->stays_of("dddd-eeee-ffff")->at(0).left_at, 50);
  auto chat = db_->recent_messages(meeting_id, 10, std::nullopt);
  ASSERT_EQ(chat->size(), 1u);
  EXPECT_EQ(chat->at(0).username, "deleted user");
  EXPECT_EQ(chat->at(0).text, "hello");
  EXPECT_EQ(db_->stays_of(meeting_id)->at(0).username, "deleted user");
  EXPECT_FALSE(db_->find_user_by_login("ann"));
  EXPECT_FALSE(db_->find_user_by_login("ann@example.org"));
  EXPECT_FALSE(db_->find_session_user("h1", 2));
  // The name and email are free again.
  auto again = make_user("ann");
  again.id = "u-ann2";
  EXPECT_TRUE(db_->create_user(again));
  EXPECT_EQ(db_->delete_user("u-nobody", "deleted user", 1).error(), errc::not_found);
}

INSTANTIATE_TEST_SUITE_P(backends, history_test,
                         ::testing::Values(backend::sqlite, backend::postgresql), backend_name);

}  // namespace
}  // namespace parley::store::testing
