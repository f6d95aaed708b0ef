// attempt_limiter (docs/api.md "Failed logins"): two limiters over one store stand for two
// processes of a cluster; counted in the store, failures made through either count for both.
#include "domain/attempt_limiter.hpp"

#include "services_fixture.hpp"

namespace parley::domain::testing {
namespace {

const auth::login_limits limits{5, 20, std::chrono::seconds{900}, 1000};

TEST_F(services_test, shared_counts_limit_attempts_spread_over_processes) {
  attempt_limiter a(db(), limits, "login", true), b(db(), limits, "login", true);
  for (int i = 0; i < 5; ++i) {
    auto& process = i % 2 ? b : a;
    EXPECT_EQ(process.check("Alice", "10.0.0." + std::to_string(i)).count(), 0) << i;
    process.record_failure("Alice", "10.0.0." + std::to_string(i));
  }
  // The 6th attempt waits on either process, for about the window; someone else does not.
  for (auto* process : {&a, &b}) {
    const auto wait = process->check("alice", "10.0.0.9");
    EXPECT_GE(wait.count(), 890);
    EXPECT_LE(wait.count(), 900);
    EXPECT_EQ(process->check("bob", "10.0.0.9").count(), 0);
  }
  // Another kind of attempt counts apart.
  attempt_limiter passwords(db(), limits, "meeting-password", true);
  EXPECT_EQ(passwords.check("alice", "10.0.0.9").count(), 0);
}

TEST_F(services_test, shared_counts_limit_one_address_over_processes) {
  attempt_limiter a(db(), limits, "login", true), b(db(), limits, "login", true);
  for (int i = 0; i < 20; ++i) (i % 2 ? b : a).record_failure("user" + std::to_string(i), "::1");
  EXPECT_GT(a.check("someone", "::1").count(), 0);
  EXPECT_GT(b.check("someone", "0:0::1").count(), 0);  // the same /64
  EXPECT_EQ(b.check("someone", "10.0.0.1").count(), 0);
}

TEST_F(services_test, local_counts_stay_in_their_process) {
  attempt_limiter a(db(), limits, "login", false), b(db(), limits, "login", false);
  for (int i = 0; i < 5; ++i) a.record_failure("alice", "10.0.0.1");
  EXPECT_GT(a.check("alice", "10.0.0.1").count(), 0);
  EXPECT_EQ(b.check("alice", "10.0.0.1").count(), 0);
  EXPECT_EQ(db().nth_failure("login login alice", 0, 1).error(), store::errc::not_found);
}

}  // namespace
}  // namespace parley::domain::testing
