// Users and sessions, against every backend.
#include <thread>
#include <vector>

#include "store_fixture.hpp"

namespace parley::store::testing {
namespace {

using ::testing::Values;

TEST_P(store_test, creates_and_finds_a_user) {
  auto u = make_user("alice");
  ASSERT_TRUE(db_->create_user(u));
  auto found = db_->find_user(u.id);
  ASSERT_TRUE(found);
  EXPECT_EQ(found->username, "alice");
  EXPECT_EQ(found->email, "alice@example.org");
  EXPECT_EQ(found->password_hash, "$argon2id$fake");
  EXPECT_FALSE(found->guest);
  EXPECT_EQ(found->created_at, u.created_at);
  EXPECT_EQ(db_->find_user("u-nobody").error(), errc::not_found);
}

TEST_P(store_test, usernames_and_emails_are_unique_case_insensitively) {
  ASSERT_TRUE(db_->create_user(make_user("alice")));
  auto same_name = make_user("ALICE");
  same_name.id = "u-2";
  same_name.email = "other@example.org";
  EXPECT_EQ(db_->create_user(same_name).error(), errc::username_taken);
  auto same_email = make_user("bob");
  same_email.email = "Alice@EXAMPLE.org";
  EXPECT_EQ(db_->create_user(same_email).error(), errc::email_taken);
  auto same_id = make_user("carol");
  same_id.id = "u-alice";
  EXPECT_EQ(db_->create_user(same_id).error(), errc::duplicate_id);
}

TEST_P(store_test, guests_share_names_and_cannot_log_in) {
  auto a = make_user("Guest", true), b = make_user("Guest", true);
  b.id = "u-guest-2";
  ASSERT_TRUE(db_->create_user(a));
  ASSERT_TRUE(db_->create_user(b));
  EXPECT_TRUE(db_->find_user(b.id)->guest);
  EXPECT_EQ(db_->find_user_by_login("guest").error(), errc::not_found);
}

TEST_P(store_test, finds_by_username_or_email_in_any_case) {
  ASSERT_TRUE(db_->create_user(make_user("Alice")));
  EXPECT_EQ(db_->find_user_by_login("aLiCe")->id, "u-Alice");
  EXPECT_EQ(db_->find_user_by_login("ALICE@example.ORG")->id, "u-Alice");
  EXPECT_EQ(db_->find_user_by_login("alice@example").error(), errc::not_found);
}

TEST_P(store_test, sql_metacharacters_are_data) {
  auto u = make_user("x");
  u.username = "o'brien\"; DROP TABLE users; --";
  u.email = "a'--@b.c";
  ASSERT_TRUE(db_->create_user(u));
  EXPECT_EQ(db_->find_user(u.id)->username, u.username);
  EXPECT_EQ(db_->find_user_by_login("' OR '1'='1").error(), errc::not_found);
  EXPECT_EQ(db_->find_user_by_login(*u.email)->id, u.id);
}

TEST_P(store_test, sessions_expire_and_are_revoked) {
  ASSERT_TRUE(db_->create_user(make_user("alice")));
  ASSERT_TRUE(db_->create_session({"hash1", "u-alice", 1000, 5000}));
  EXPECT_EQ(db_->create_session({"hash1", "u-alice", 1000, 5000}).error(), errc::duplicate_id);
  EXPECT_EQ(db_->find_session_user("hash1", 4999)->user.id, "u-alice");
  EXPECT_EQ(db_->find_session_user("hash1", 4999)->expires_at, 5000);
  EXPECT_EQ(db_->find_session_user("hash1", 5000).error(), errc::not_found);
  EXPECT_EQ(db_->find_session_user("nope", 0).error(), errc::not_found);
  ASSERT_TRUE(db_->delete_session("hash1"));
  EXPECT_EQ(db_->find_session_user("hash1", 0).error(), errc::not_found);
  EXPECT_EQ(db_->delete_session("hash1").error(), errc::not_found);
}

TEST_P(store_test, purges_expired_sessions) {
  ASSERT_TRUE(db_->create_user(make_user("alice")));
  ASSERT_TRUE(db_->create_session({"old", "u-alice", 0, 100}));
  ASSERT_TRUE(db_->create_session({"new", "u-alice", 0, 10'000}));
  EXPECT_EQ(*db_->purge_expired_sessions(200), 1u);
  EXPECT_TRUE(db_->find_session_user("new", 200));
}

TEST_P(store_test, purges_only_idle_guests_that_no_meeting_names) {
  constexpr std::int64_t day = 24 * 3600 * 1000;
  const std::int64_t now = 100 * day;
  auto guest = [&](const std::string& name, std::int64_t created) {
    auto u = make_user(name, true);
    u.created_at = created;
    EXPECT_TRUE(db_->create_user(u));
    return u.id;
  };
  const auto idle = guest("idle", 10 * day);
  const auto fresh = guest("fresh", now - day);           // created within 30 days
  const auto signed_in = guest("signed-in", 10 * day);    // still holds a live token
  const auto joined = guest("joined", 10 * day);          // named by a meeting's history
  const auto hosted = guest("hosted", 10 * day);          // hosts a meeting
  const auto expired = guest("expired-token", 10 * day);  // its only token has expired
  auto registered = make_user("registered");
  registered.created_at = 10 * day;
  ASSERT_TRUE(db_->create_user(registered));
  ASSERT_TRUE(db_->create_session({"live", signed_in, 0, now + day}));
  ASSERT_TRUE(db_->create_session({"dead", expired, 0, now - day}));
  ASSERT_TRUE(db_->create_meeting(make_meeting("m-1", hosted)));
  ASSERT_TRUE(db_->add_participant("m-1", joined, 20 * day));

  auto purged = db_->purge_idle_guests(now - 30 * day, now, 1000);
  ASSERT_TRUE(purged);
  EXPECT_EQ(*purged, 2u);  // idle and expired-token
  EXPECT_FALSE(db_->find_user(idle));
  EXPECT_FALSE(db_->find_user(expired));
  for (const auto& kept : {fresh, signed_in, joined, hosted, registered.id})
    EXPECT_TRUE(db_->find_user(kept)) << kept;
  EXPECT_TRUE(db_->is_participant("m-1", joined).value());
}

TEST_P(store_test, purging_idle_guests_stops_at_the_limit) {
  for (int i = 0; i < 5; ++i) {
    auto u = make_user("g" + std::to_string(i), true);
    u.created_at = 0;
    ASSERT_TRUE(db_->create_user(u));
  }
  EXPECT_EQ(*db_->purge_idle_guests(1000, 1000, 3), 3u);
  EXPECT_EQ(*db_->purge_idle_guests(1000, 1000, 3), 2u);
  EXPECT_EQ(*db_->purge_idle_guests(1000, 1000, 3), 0u);
}

TEST_P(store_test, session_for_unknown_user_is_refused) {
  EXPECT_FALSE(db_->create_session({"h", "u-ghost", 0, 100}));
}

TEST_P(store_test, concurrent_registrations_of_one_name_admit_exactly_one) {
  std::vector<std::thread> threads;
  std::atomic<int> ok{0}, taken{0};
  for (int i = 0; i < 8; ++i) {
    threads.emplace_back([&, i] {
      auto u = make_user("race");
      u.id = "u-race-" + std::to_string(i);
      u.email = "race" + std::to_string(i) + "@example.org";
      auto r = db_->create_user(u);
      if (r)
        ++ok;
      else if (r.error() == errc::username_taken)
        ++taken;
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(ok.load(), 1);
  EXPECT_EQ(taken.load(), 7);
}

TEST_P(store_test, data_survives_reopening_and_migrations_are_not_reapplied) {
  ASSERT_TRUE(db_->create_user(make_user("alice")));
  db_->close();
  db_ = open();
  ASSERT_TRUE(db_);
  EXPECT_EQ(db_->find_user("u-alice")->username, "alice");
}

TEST_P(store_test, calls_after_close_fail_cleanly) {
  db_->close();
  EXPECT_EQ(db_->find_user("x").error(), errc::backend_failure);
  EXPECT_EQ(db_->ping().error(), errc::backend_failure);
  db_->close();  // idempotent
}

TEST_P(store_test, ping_answers) {
  EXPECT_TRUE(db_->ping());
}

INSTANTIATE_TEST_SUITE_P(backends, store_test, Values(backend::sqlite, backend::postgresql),
                         backend_name);

}  // namespace
}  // namespace parley::store::testing
