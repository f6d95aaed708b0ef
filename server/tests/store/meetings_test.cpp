// Meetings, participants and chat, against every backend (suite instantiated in users_test).
#include <algorithm>
#include <atomic>
#include <thread>
#include <vector>

#include "store_fixture.hpp"

namespace parley::store::testing {
namespace {

class meetings_test : public store_test {
 protected:
  void SetUp() override {
    store_test::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    for (auto name : {"host", "ann", "ben"}) ASSERT_TRUE(db_->create_user(make_user(name)));
    ASSERT_TRUE(db_->create_meeting(make_meeting("aaaa-bbbb-cccc", "u-host")));
  }
};

TEST_P(meetings_test, creates_and_finds_a_meeting) {
  auto m = db_->find_meeting("aaaa-bbbb-cccc");
  ASSERT_TRUE(m);
  EXPECT_EQ(m->title, "Title aaaa-bbbb-cccc");
  EXPECT_EQ(m->host_id, "u-host");
  EXPECT_TRUE(m->active());
  EXPECT_FALSE(m->has_password());
  EXPECT_TRUE(m->participants.empty());  // the host is not a participant until they join
  EXPECT_EQ(db_->find_meeting("zzzz-zzzz-zzzz").error(), errc::not_found);
  EXPECT_EQ(db_->create_meeting(make_meeting("aaaa-bbbb-cccc", "u-host")).error(),
            errc::duplicate_id);
  EXPECT_FALSE(db_->create_meeting(make_meeting("dddd-dddd-dddd", "u-ghost")));
}

TEST_P(meetings_test, participants_are_recorded_once_in_order_of_first_join) {
  EXPECT_EQ(*db_->add_participant("aaaa-bbbb-cccc", "u-ben", 10), true);
  EXPECT_EQ(*db_->add_participant("aaaa-bbbb-cccc", "u-ann", 20), true);
  ASSERT_TRUE(db_->mark_left("aaaa-bbbb-cccc", "u-ben", 30));
  EXPECT_EQ(*db_->add_participant("aaaa-bbbb-cccc", "u-ben", 40), false);
  auto m = db_->find_meeting("aaaa-bbbb-cccc");
  ASSERT_EQ(m->participants.size(), 2u);
  EXPECT_EQ(m->participants[0].user_id, "u-ben");
  EXPECT_EQ(m->participants[0].joined_at, 10);
  EXPECT_FALSE(m->participants[0].left_at);  // rejoined
  EXPECT_EQ(m->participants[1].user_id, "u-ann");
  ASSERT_TRUE(db_->mark_left("aaaa-bbbb-cccc", "u-ann", 50));
  EXPECT_EQ(db_->find_meeting("aaaa-bbbb-cccc")->participants[1].left_at, 50);
  EXPECT_TRUE(*db_->is_participant("aaaa-bbbb-cccc", "u-ann"));
  EXPECT_FALSE(*db_->is_participant("aaaa-bbbb-cccc", "u-host"));
  EXPECT_EQ(db_->mark_left("aaaa-bbbb-cccc", "u-host", 1).error(), errc::not_found);
  EXPECT_EQ(db_->add_participant("zzzz-zzzz-zzzz", "u-ann", 1).error(), errc::not_found);
  EXPECT_EQ(db_->add_participant("aaaa-bbbb-cccc", "u-ghost", 1).error(), errc::not_found);
}

TEST_P(meetings_test, ending_is_recorded_once) {
  auto ended = db_->end_meeting("aaaa-bbbb-cccc", 99);
  ASSERT_TRUE(ended);
  EXPECT_EQ(ended->ended_at, 99);
  EXPECT_EQ(db_->end_meeting("aaaa-bbbb-cccc", 100).error(), errc::meeting_ended);
  EXPECT_EQ(db_->find_meeting("aaaa-bbbb-cccc")->ended_at, 99);
  EXPECT_EQ(db_->end_meeting("zzzz-zzzz-zzzz", 1).error(), errc::not_found);
  EXPECT_EQ(db_->add_participant("aaaa-bbbb-cccc", "u-ann", 1).error(), errc::meeting_ended);
  EXPECT_EQ(db_->add_message("aaaa-bbbb-cccc", "u-ann", "hi", 1).error(), errc::meeting_ended);
}

TEST_P(meetings_test, concurrent_ends_succeed_exactly_once) {
  std::atomic<int> ok{0}, ended{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 6; ++i)
    threads.emplace_back([&, i] {
      auto r = db_->end_meeting("aaaa-bbbb-cccc", 100 + i);
      if (r)
        ++ok;
      else if (r.error() == errc::meeting_ended)
        ++ended;
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(ok.load(), 1);
  EXPECT_EQ(ended.load(), 5);
}

TEST_P(meetings_test, lists_hosted_and_joined_meetings_newest_first) {
  auto later = make_meeting("bbbb-bbbb-bbbb", "u-ann");
  later.created_at += 1000;
  ASSERT_TRUE(db_->create_meeting(later));
  auto other = make_meeting("cccc-cccc-cccc", "u-ben");
  other.created_at += 2000;
  ASSERT_TRUE(db_->create_meeting(other));
  ASSERT_TRUE(db_->add_participant("aaaa-bbbb-cccc", "u-ann", 5));
  auto mine = db_->meetings_of("u-ann", 10);
  ASSERT_TRUE(mine);
  ASSERT_EQ(mine->size(), 2u);
  EXPECT_EQ((*mine)[0].meeting_id, "bbbb-bbbb-bbbb");
  EXPECT_EQ((*mine)[1].meeting_id, "aaaa-bbbb-cccc");
  ASSERT_EQ((*mine)[1].participants.size(), 1u);
  EXPECT_EQ((*mine)[1].participants[0].user_id, "u-ann");
  EXPECT_EQ(db_->meetings_of("u-ann", 1)->size(), 1u);
  EXPECT_TRUE(db_->meetings_of("u-nobody", 10)->empty());
}

TEST_P(meetings_test, chat_keeps_the_last_messages_oldest_first) {
  for (int i = 0; i < 5; ++i) {
    auto m = db_->add_message("aaaa-bbbb-cccc", "u-ann", "msg " + std::to_string(i), 100 + i);
    ASSERT_TRUE(m);
    EXPECT_EQ(m->username, "ann");
    EXPECT_EQ(m->sent_at, 100 + i);
  }
  auto last3 = db_->recent_messages("aaaa-bbbb-cccc", 3, std::nullopt);
  ASSERT_EQ(last3->size(), 3u);
  EXPECT_EQ((*last3)[0].text, "msg 2");
  EXPECT_EQ((*last3)[2].text, "msg 4");
  EXPECT_LT((*last3)[0].id, (*last3)[2].id);
  EXPECT_EQ(db_->add_message("zzzz-zzzz-zzzz", "u-ann", "x", 1).error(), errc::not_found);
  EXPECT_EQ(db_->add_message("aaaa-bbbb-cccc", "u-ghost", "x", 1).error(), errc::not_found);
  EXPECT_TRUE(db_->recent_messages("zzzz-zzzz-zzzz", 3, std::nullopt)->empty());
}

TEST_P(meetings_test, chat_text_round_trips_exactly) {
  const std::string text = "'; DELETE FROM messages; -- \xE2\x9C\x93 \"quoted\" \\ back";
  ASSERT_TRUE(db_->add_message("aaaa-bbbb-cccc", "u-ben", text, 1));
  EXPECT_EQ(db_->recent_messages("aaaa-bbbb-cccc", 10, std::nullopt)->at(0).text, text);
}

TEST_P(meetings_test, a_batch_of_attendance_commits_together_and_fails_per_change) {
  ASSERT_TRUE(db_->create_meeting(make_meeting("dddd-eeee-ffff", "u-host")));
  ASSERT_TRUE(db_->create_meeting(make_meeting("gggg-hhhh-iiii", "u-host")));
  ASSERT_TRUE(db_->end_meeting("gggg-hhhh-iiii", 5));
  using kind = attendance::kind;
  const std::vector<attendance> batch{
      {kind::join, "aaaa-bbbb-cccc", "u-ann", 10},  {kind::join, "dddd-eeee-ffff", "u-ben", 11},
      {kind::join, "aaaa-bbbb-cccc", "u-ben", 12},  {kind::leave, "aaaa-bbbb-cccc", "u-ann", 13},
      {kind::join, "aaaa-bbbb-cccc", "u-ann", 14},   // rejoin within the batch
      {kind::join, "zzzz-zzzz-zzzz", "u-ann", 15},   // no such meeting
      {kind::join, "gggg-hhhh-iiii", "u-ann", 16},   // ended
      {kind::leave, "dddd-eeee-ffff", "u-ann", 17},  // never joined
  };
  auto r = db_->record_attendance(batch);
  ASSERT_EQ(r.size(), batch.size());
  ASSERT_TRUE(r[0] && r[1] && r[2] && r[3] && r[4]);
  EXPECT_TRUE(r[0]->first_join);
  EXPECT_FALSE(r[4]->first_join);
  EXPECT_FALSE(r[3]->meeting);
  EXPECT_EQ(r[5].error(), errc::not_found);
  EXPECT_EQ(r[6].error(), errc::meeting_ended);
  EXPECT_EQ(r[7].error(), errc::not_found);
  // Every join answers with the meeting as committed, the whole batch included.
  ASSERT_TRUE(r[0]->meeting);
  EXPECT_EQ(r[0]->meeting->title, "Title aaaa-bbbb-cccc");
  ASSERT_EQ(r[0]->meeting->participants.size(), 2u);
  EXPECT_EQ(r[0]->meeting->participants[0].user_id, "u-ann");
  EXPECT_FALSE(r[0]->meeting->participants[0].left_at);  // left and rejoined
  EXPECT_EQ(r[0]->meeting->participants[1].user_id, "u-ben");
  EXPECT_EQ(r[1]->meeting->participants.size(), 1u);
  auto stored = db_->find_meeting("aaaa-bbbb-cccc");
  ASSERT_EQ(stored->participants.size(), 2u);
  EXPECT_EQ(stored->participants[0].joined_at, 10);
}

TEST_P(meetings_test, a_failing_statement_in_a_batch_fails_only_its_change) {
  using kind = attendance::kind;
  const std::vector<attendance> batch{{kind::join, "aaaa-bbbb-cccc", "u-ann", 1},
                                      {kind::join, "aaaa-bbbb-cccc", "u-ghost", 2},  // no user
                                      {kind::join, "aaaa-bbbb-cccc", "u-ben", 3}};
  auto r = db_->record_attendance(batch);
  ASSERT_EQ(r.size(), 3u);
  EXPECT_TRUE(r[0]);
  EXPECT_EQ(r[1].error(), errc::not_found);
  EXPECT_TRUE(r[2]);
  EXPECT_EQ(db_->find_meeting("aaaa-bbbb-cccc")->participants.size(), 2u);
  EXPECT_TRUE(db_->record_attendance({}).empty());
}

TEST_P(meetings_test, every_join_of_a_meeting_in_a_batch_gets_its_answer) {
  ASSERT_TRUE(db_->create_meeting(make_meeting("gggg-hhhh-iiii", "u-host")));
  ASSERT_TRUE(db_->end_meeting("gggg-hhhh-iiii", 5));
  using kind = attendance::kind;
  const std::vector<attendance> batch{
      {kind::join, "gggg-hhhh-iiii", "u-ann", 10}, {kind::join, "aaaa-bbbb-cccc", "u-ann", 11},
      {kind::join, "zzzz-zzzz-zzzz", "u-ann", 12}, {kind::join, "gggg-hhhh-iiii", "u-ben", 13},
      {kind::join, "aaaa-bbbb-cccc", "u-ben", 14}, {kind::join, "zzzz-zzzz-zzzz", "u-ben", 15}};
  auto r = db_->record_attendance(batch);
  ASSERT_EQ(r.size(), batch.size());
  EXPECT_EQ(r[0].error(), errc::meeting_ended);
  EXPECT_EQ(r[3].error(), errc::meeting_ended);
  EXPECT_EQ(r[2].error(), errc::not_found);
  EXPECT_EQ(r[5].error(), errc::not_found);
  ASSERT_TRUE(r[1] && r[4]);
  for (const auto* one : {&r[1], &r[4]}) {
    ASSERT_TRUE((*one)->meeting);
    EXPECT_EQ((*one)->meeting->meeting_id, "aaaa-bbbb-cccc");
    EXPECT_EQ((*one)->meeting->title, "Title aaaa-bbbb-cccc");
    EXPECT_EQ((*one)->meeting->participants.size(), 2u);
  }
  EXPECT_TRUE(db_->find_meeting("gggg-hhhh-iiii")->participants.empty());
}

INSTANTIATE_TEST_SUITE_P(backends, meetings_test,
                         ::testing::Values(backend::sqlite, backend::postgresql), backend_name);

}  // namespace
}  // namespace parley::store::testing
