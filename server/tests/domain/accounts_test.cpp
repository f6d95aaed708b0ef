#include <atomic>
#include <future>
#include <optional>
#include <thread>

#include "auth/ids.hpp"
#include "auth/password.hpp"
#include "services_fixture.hpp"

namespace parley::domain::testing {
namespace {

class recording_listener final : public domain_listener {
 public:
  void on_session_revoked(const std::string& id) override { revoked.push_back(id); }
  void on_meeting_ended(const std::string& id) override { ended.push_back(id); }
  std::vector<std::string> revoked, ended;
};

TEST_F(services_test, registers_and_signs_in_by_username_or_email) {
  auto alice = user("Alice");
  EXPECT_EQ(alice.who.user.username, "Alice");
  EXPECT_TRUE(alice.who.user.password_hash.empty());  // never handed out
  EXPECT_EQ(alice.who.session_id, auth::token_hash(alice.token));
  auto by_name = acc().sign_in("alice", "password-Alice", "1.2.3.4");
  ASSERT_TRUE(by_name);
  EXPECT_EQ(by_name->who.user.id, alice.who.user.id);
  EXPECT_NE(by_name->token, alice.token);
  EXPECT_TRUE(acc().sign_in("ALICE@example.org", "password-Alice", "1.2.3.4"));
}

TEST_F(services_test, registration_errors) {
  user("alice");
  EXPECT_EQ(acc().register_user("ALICE", "x@example.org", "password1").error().code,
            errc::username_taken);
  EXPECT_EQ(acc().register_user("bob", "Alice@Example.org", "password1").error().code,
            errc::email_taken);
  auto bad = acc().register_user("bob", "not-an-email", "password1");
  EXPECT_EQ(bad.error().code, errc::invalid_field);
  EXPECT_EQ(bad.error().field, "email");
  EXPECT_EQ(acc().register_user("b", "b@example.org", "password1").error().field, "username");
  EXPECT_EQ(acc().register_user("bob", "b@example.org", "short").error().field, "password");
}

TEST_F(services_test, wrong_password_and_unknown_login_look_the_same) {
  user("alice");
  auto wrong = acc().sign_in("alice", "nope-nope", "a");
  auto unknown = acc().sign_in("nobody", "nope-nope", "a");
  EXPECT_EQ(wrong.error().code, errc::invalid_credentials);
  EXPECT_EQ(unknown.error().code, errc::invalid_credentials);
  EXPECT_EQ(wrong.error().text(), unknown.error().text());
}

TEST_F(services_test, sixth_failed_login_is_rate_limited_even_with_the_right_password) {
  user("alice");
  for (int i = 0; i < 5; ++i)
    EXPECT_EQ(acc().sign_in("alice", "wrong-pass", "a" + std::to_string(i)).error().code,
              errc::invalid_credentials);
  auto limited = acc().sign_in("alice", "password-alice", "fresh-address");
  ASSERT_FALSE(limited);
  EXPECT_EQ(limited.error().code, errc::rate_limited);
  EXPECT_GE(limited.error().retry_after.count(), 899);
}

TEST_F(services_test, guests_get_a_session_and_need_a_name) {
  auto g = acc().create_guest("Zoë");
  ASSERT_TRUE(g);
  EXPECT_TRUE(g->who.user.guest);
  EXPECT_FALSE(g->who.user.email);
  EXPECT_TRUE(acc().create_guest("Zoë"));  // not unique
  EXPECT_EQ(acc().create_guest("  ").error().field, "displayName");
  EXPECT_EQ(acc().sign_in("Zoë", "", "a").error().code, errc::invalid_credentials);
}

TEST_F(services_test, a_flood_of_new_guests_sweeps_away_guests_idle_for_30_days) {
  // An old guest that never joined anything, written "by another process" 31 days ago.
  store::user_record old;
  old.id = "u-old-guest";
  old.username = "old";
  old.guest = true;
  old.created_at = 1;  // 1970: far past the 30 days
  ASSERT_TRUE(db().create_user(old));
  ASSERT_TRUE(db().find_user(old.id));
  for (int i = 0; i < 256; ++i) ASSERT_TRUE(acc().create_guest("g"));  // the 256th sweeps
  EXPECT_EQ(db().find_user(old.id).error(), store::errc::not_found);
}

TEST_F(services_test, tokens_authenticate_until_signed_out_and_listeners_hear_it) {
  auto listener = std::make_shared<recording_listener>();
  svc_->add_listener(listener);
  auto alice = user("alice");
  auto who = acc().authenticate(alice.token);
  ASSERT_TRUE(who);
  EXPECT_EQ(who->user.id, alice.who.user.id);
  EXPECT_TRUE(who->user.password_hash.empty());
  ASSERT_TRUE(acc().sign_out(alice.token));
  EXPECT_EQ(listener->revoked, std::vector<std::string>{alice.who.session_id});
  EXPECT_EQ(acc().authenticate(alice.token).error().code, errc::unauthorized);
  EXPECT_EQ(acc().sign_out(alice.token).error().code, errc::unauthorized);
  for (auto bad : {std::string(), std::string("x"), std::string(5000, 'a'), alice.token + "x"})
    EXPECT_EQ(acc().authenticate(bad).error().code, errc::unauthorized);
}

TEST_F(services_test,
       async_authenticate_answers_known_tokens_at_once_and_fails_fast_after_shutdown) {
  auto alice = user("alice");
  const auto caller = std::this_thread::get_id();
  std::optional<std::thread::id> answered_on;
  svc_->async_authenticate(alice.token, [&](outcome<auth::identity> r) {
    EXPECT_EQ(r->user.id, alice.who.user.id);
    answered_on = std::this_thread::get_id();
  });
  EXPECT_EQ(answered_on, caller);  // from the token cache, before the call returned
  std::promise<outcome<auth::identity>> p;
  std::atomic<bool> on_other_thread{false};
  svc_->async_authenticate(std::string(43, 'x'), [&](outcome<auth::identity> r) {
    on_other_thread = std::this_thread::get_id() != caller;
    p.set_value(std::move(r));
  });
  EXPECT_EQ(p.get_future().get().error().code, errc::unauthorized);
  EXPECT_TRUE(on_other_thread);  // unknown tokens go to the store on the pool
  svc_->shutdown();
  bool called = false;
  svc_->async_authenticate(alice.token, [&](outcome<auth::identity> r) {
    called = true;
    EXPECT_EQ(r.error().code, errc::unavailable);
  });
  EXPECT_TRUE(called);
}

TEST_F(services_test, a_signed_out_token_stops_working_at_once_everywhere) {
  auto alice = user("alice");
  auto second = acc().sign_in("alice", "password-alice", "a");
  ASSERT_TRUE(second);
  ASSERT_TRUE(acc().authenticate(alice.token));  // cached now
  ASSERT_TRUE(acc().cached_identity(alice.token));
  ASSERT_TRUE(acc().sign_out(alice.token));
  EXPECT_FALSE(acc().cached_identity(alice.token));
  EXPECT_EQ(acc().authenticate(alice.token).error().code, errc::unauthorized);
  std::promise<outcome<auth::identity>> p;
  svc_->async_authenticate(alice.token,
                           [&](outcome<auth::identity> r) { p.set_value(std::move(r)); });
  EXPECT_EQ(p.get_future().get().error().code, errc::unauthorized);
  EXPECT_TRUE(acc().authenticate(second->token));  // only that session was revoked
}

// The pool half of async_authenticate: it goes to the store, so a session deleted behind the
// cache (by another process) is refused there.
TEST_F(services_test, authenticate_uncached_asks_the_store) {
  auto alice = user("alice");
  ASSERT_TRUE(acc().cached_identity(alice.token));  // cached by the sign-up
  ASSERT_TRUE(db().delete_session(alice.who.session_id));
  EXPECT_TRUE(acc().authenticate(alice.token));  // the cache still answers (until max_age)
  EXPECT_EQ(acc().authenticate_uncached(alice.token).error().code, errc::unauthorized);
  EXPECT_EQ(acc().authenticate_uncached("").error().code, errc::unauthorized);
  auto again = acc().sign_in("alice", "password-alice", "a");
  ASSERT_TRUE(again);
  auto who = acc().authenticate_uncached(again->token);
  ASSERT_TRUE(who);
  EXPECT_EQ(who->user.id, alice.who.user.id);
  EXPECT_EQ(who->session_id, again->who.session_id);
  EXPECT_TRUE(who->user.password_hash.empty());
}

TEST_F(services_test, sign_out_racing_lookups_never_leaves_the_token_cached) {
  for (int round = 0; round < 20; ++round) {
    auto s = acc().sign_in("alice", "password-alice", "a");
    if (!s) s = user("alice");  // first round registers
    std::atomic<bool> go{false};
    std::thread looker([&] {
      while (!go) std::this_thread::yield();
      for (int i = 0; i < 50; ++i) (void)acc().authenticate(s->token);
    });
    go = true;
    ASSERT_TRUE(acc().sign_out(s->token));
    looker.join();
    EXPECT_EQ(acc().authenticate(s->token).error().code, errc::unauthorized) << round;
  }
}

}  // namespace
}  // namespace parley::domain::testing

namespace parley::domain::testing {
namespace {

// docs/api.md "Failed logins": a password over 1024 bytes costs one Argon2 run whether the
// login exists or not, so its answer time does not tell which.
TEST_F(services_test, an_over_long_password_costs_the_same_for_known_and_unknown_logins) {
  user("Known");
  const std::string long_password(2000, 'p');
  auto before = auth::argon2_runs();
  EXPECT_EQ(acc().sign_in("Known", long_password, "1.2.3.4").error().code,
            errc::invalid_credentials);
  const auto known = auth::argon2_runs() - before;
  before = auth::argon2_runs();
  EXPECT_EQ(acc().sign_in("unknown-login", long_password, "1.2.3.5").error().code,
            errc::invalid_credentials);
  const auto unknown = auth::argon2_runs() - before;
  EXPECT_EQ(known, 1u);
  EXPECT_EQ(unknown, 1u);
}

}  // namespace
}  // namespace parley::domain::testing
