#include <algorithm>
#include <future>

#include "auth/ids.hpp"
#include "services_fixture.hpp"

namespace parley::domain::testing {
namespace {

class meetings_service_test : public services_test {
 protected:
  void SetUp() override {
    services_test::SetUp();
    host = user("host").who.user.id;
    ann = user("ann").who.user.id;
    ben = user("ben").who.user.id;
  }
  std::string host, ann, ben;
};

class end_listener final : public domain_listener {
 public:
  void on_session_revoked(const std::string&) override {}
  void on_meeting_ended(const std::string& id) override { ended.push_back(id); }
  std::vector<std::string> ended;
};

TEST_F(meetings_service_test, create_gives_a_fresh_id_and_does_not_make_the_host_a_participant) {
  auto m = meet().create(host, std::nullopt, std::nullopt);
  ASSERT_TRUE(m);
  EXPECT_TRUE(auth::is_meeting_id(m->meeting_id));
  EXPECT_EQ(m->title, "Untitled meeting");
  EXPECT_TRUE(m->participants.empty());
  EXPECT_FALSE(m->has_password());
  EXPECT_EQ(meet().create(host, "  ", std::nullopt).error().field, "title");
  EXPECT_FALSE(meet().create(host, "t", "")->has_password());  // empty means none
}

TEST_F(meetings_service_test, join_rules) {
  auto m = *meet().create(host, "Standup", "s3cret");
  EXPECT_TRUE(m.has_password());
  EXPECT_EQ(meet().join(ann, m.meeting_id, std::nullopt).error().code, errc::wrong_password);
  EXPECT_EQ(meet().join(ann, m.meeting_id, "nope").error().code, errc::wrong_password);
  auto joined = meet().join(ann, m.meeting_id, "s3cret");
  ASSERT_TRUE(joined);
  ASSERT_EQ(joined->participants.size(), 1u);
  EXPECT_TRUE(meet().join(host, m.meeting_id, std::nullopt));  // the host needs no password
  EXPECT_TRUE(meet().join(ann, m.meeting_id, "s3cret"));       // once each
  auto again = meet().get(m.meeting_id);
  ASSERT_EQ(again->participants.size(), 2u);
  EXPECT_EQ(again->participants[0].user_id, ann);
  EXPECT_EQ(again->participants[1].user_id, host);
  EXPECT_EQ(meet().join(ann, "zzzz-zzzz-zzzz", std::nullopt).error().code, errc::not_found);
  EXPECT_EQ(meet().join(ann, "'; DROP TABLE meetings; --", std::nullopt).error().code,
            errc::not_found);
}

TEST_F(meetings_service_test, only_the_host_ends_and_only_once) {
  auto listener = std::make_shared<end_listener>();
  svc_->add_listener(listener);
  auto m = *meet().create(host, "t", std::nullopt);
  EXPECT_EQ(meet().end(ann, m.meeting_id).error().code, errc::not_host);
  auto ended = meet().end(host, m.meeting_id);
  ASSERT_TRUE(ended);
  EXPECT_FALSE(ended->active());
  EXPECT_EQ(listener->ended, std::vector<std::string>{m.meeting_id});
  EXPECT_EQ(meet().end(host, m.meeting_id).error().code, errc::meeting_ended);
  EXPECT_EQ(meet().join(ann, m.meeting_id, std::nullopt).error().code, errc::meeting_ended);
  EXPECT_EQ(meet().post_message(host, m.meeting_id, "x").error().code, errc::meeting_ended);
  EXPECT_EQ(listener->ended.size(), 1u);
}

TEST_F(meetings_service_test, chat_is_for_participants_and_keeps_the_last_n) {
  auto m = *meet().create(host, "t", std::nullopt);
  EXPECT_EQ(meet().post_message(ann, m.meeting_id, "hi").error().code, errc::forbidden);
  EXPECT_EQ(meet().messages(ann, m.meeting_id).error().code, errc::forbidden);
  ASSERT_TRUE(meet().join(ann, m.meeting_id, std::nullopt));
  for (auto text : {"one", "two", "three", "four"}) {
    auto msg = meet().post_message(ann, m.meeting_id, text);
    ASSERT_TRUE(msg);
    EXPECT_EQ(msg->username, "ann");
  }
  EXPECT_EQ(meet().post_message(ann, m.meeting_id, "").error().field, "text");
  auto list = meet().messages(host, m.meeting_id);  // the host reads without joining
  ASSERT_TRUE(list);
  ASSERT_EQ(list->size(), 3u);  // message_history = 3 in the fixture
  EXPECT_EQ(list->front().text, "two");
  EXPECT_EQ(list->back().text, "four");
}

TEST_F(meetings_service_test, history_lists_hosted_and_joined_newest_first) {
  auto a = *meet().create(host, "first", std::nullopt);
  auto b = *meet().create(ann, "second", std::nullopt);
  ASSERT_TRUE(meet().join(host, b.meeting_id, std::nullopt));
  auto mine = meet().list_for(host);
  ASSERT_TRUE(mine);
  ASSERT_EQ(mine->size(), 2u);
  EXPECT_EQ((*mine)[0].meeting_id, b.meeting_id);
  EXPECT_EQ((*mine)[1].meeting_id, a.meeting_id);
  EXPECT_TRUE(meet().list_for(ben)->empty());
}

TEST_F(meetings_service_test, leave_records_left_at) {
  auto m = *meet().create(host, "t", std::nullopt);
  EXPECT_EQ(meet().leave(ann, m.meeting_id).error().code, errc::not_found);
  ASSERT_TRUE(meet().join(ann, m.meeting_id, std::nullopt));
  ASSERT_TRUE(meet().leave(ann, m.meeting_id));
  EXPECT_TRUE(meet().get(m.meeting_id)->participants[0].left_at);
}

// Many sockets' joins at once: group-committed, each answered after its own commit with the
// meeting as stored, every one of them recorded.
TEST_F(meetings_service_test, concurrent_async_joins_are_all_recorded_and_answered) {
  auto m = *meet().create(host, "t", std::nullopt);
  std::vector<std::string> users;
  for (int i = 0; i < 40; ++i) users.push_back(user("user" + std::to_string(i)).who.user.id);
  std::vector<std::promise<outcome<store::meeting_record>>> answers(users.size());
  for (std::size_t i = 0; i < users.size(); ++i)
    svc_->async_join(
        users[i], m.meeting_id, std::nullopt,
        [&, i](outcome<store::meeting_record> r) { answers[i].set_value(std::move(r)); });
  for (std::size_t i = 0; i < users.size(); ++i) {
    auto r = answers[i].get_future().get();
    ASSERT_TRUE(r) << i;
    EXPECT_TRUE(std::any_of(r->participants.begin(), r->participants.end(), [&](const auto& p) {
      return p.user_id == users[i];
    })) << "the answer includes the joiner";
  }
  EXPECT_EQ(meet().get(m.meeting_id)->participants.size(), users.size());
}

TEST_F(meetings_service_test, async_join_applies_the_rules_with_a_warm_cache) {
  auto open = *meet().create(host, "open", std::nullopt);
  auto locked = *meet().create(host, "locked", "s3cret");
  auto join = [&](const std::string& u, const std::string& id, std::optional<std::string> pw) {
    std::promise<outcome<store::meeting_record>> p;
    svc_->async_join(u, id, std::move(pw),
                     [&](outcome<store::meeting_record> r) { p.set_value(std::move(r)); });
    return p.get_future().get();
  };
  EXPECT_TRUE(join(ann, open.meeting_id, std::nullopt));
  EXPECT_EQ(join(ann, locked.meeting_id, std::nullopt).error().code, errc::wrong_password);
  EXPECT_EQ(join(ann, locked.meeting_id, "nope").error().code, errc::wrong_password);
  EXPECT_TRUE(join(ann, locked.meeting_id, "s3cret"));
  EXPECT_TRUE(join(host, locked.meeting_id, std::nullopt));
  EXPECT_EQ(join(ann, "zzzz-zzzz-zzzz", std::nullopt).error().code, errc::not_found);
  ASSERT_TRUE(meet().end(host, open.meeting_id));
  EXPECT_EQ(join(ben, open.meeting_id, std::nullopt).error().code, errc::meeting_ended);
  // Ended behind the services' back (another process on the same database): the store's
  // check at commit still refuses.
  ASSERT_TRUE(db().end_meeting(locked.meeting_id, 1));
  EXPECT_EQ(join(host, locked.meeting_id, std::nullopt).error().code, errc::meeting_ended);
}

// The socket join's first half (docs/signaling.md "Moderation"): the checks answer with the
// meeting's row, lobby flag included, and write nothing; a password still goes through the
// failure limit.
TEST_F(meetings_service_test, async_check_join_answers_with_the_row_and_records_nothing) {
  auto open = *meet().create(host, "open", std::nullopt, /*lobby=*/true);
  auto guarded = *meet().create(host, "guarded", "s3cret");
  auto check = [&](const std::string& u, const std::string& id, std::optional<std::string> pw) {
    std::promise<outcome<store::meeting_record>> p;
    svc_->async_check_join(u, id, std::move(pw),
                           [&](outcome<store::meeting_record> r) { p.set_value(std::move(r)); });
    return p.get_future().get();
  };
  for (int pass = 0; pass < 2; ++pass) {  // a cold cache, then a warm one
    auto row = check(ann, open.meeting_id, std::nullopt);
    ASSERT_TRUE(row) << pass;
    EXPECT_EQ(row->meeting_id, open.meeting_id);
    EXPECT_EQ(row->host_id, host);
    EXPECT_TRUE(row->lobby);
    EXPECT_TRUE(row->participants.empty());
  }
  auto hosted = check(host, guarded.meeting_id, std::nullopt);  // the host needs no password
  ASSERT_TRUE(hosted);
  EXPECT_FALSE(hosted->lobby);
  EXPECT_TRUE(check(ann, guarded.meeting_id, "s3cret"));
  for (int i = 0; i < 5; ++i)
    EXPECT_EQ(check(ben, guarded.meeting_id, "nope").error().code, errc::wrong_password) << i;
  EXPECT_EQ(check(ben, guarded.meeting_id, "s3cret").error().code, errc::rate_limited);
  EXPECT_TRUE(meet().get(open.meeting_id)->participants.empty());
  EXPECT_TRUE(meet().get(guarded.meeting_id)->participants.empty());
}

TEST_F(meetings_service_test, async_leave_records_left_at) {
  auto m = *meet().create(host, "t", std::nullopt);
  auto leave = [&](const std::string& u) {
    std::promise<outcome<void>> p;
    svc_->async_leave(u, m.meeting_id, [&](outcome<void> r) { p.set_value(std::move(r)); });
    return p.get_future().get();
  };
  EXPECT_EQ(leave(ann).error().code, errc::not_found);
  ASSERT_TRUE(meet().join(ann, m.meeting_id, std::nullopt));
  EXPECT_TRUE(leave(ann));
  EXPECT_TRUE(meet().get(m.meeting_id)->participants[0].left_at);
}

}  // namespace
}  // namespace parley::domain::testing
