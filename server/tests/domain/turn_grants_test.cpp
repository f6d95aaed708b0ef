// The per-user bound on TURN credentials (docs/api.md "GET /api/ice-servers"), in memory and
// shared through the store by the processes of a cluster (docs/cluster.md "Per-user limits").
#include "domain/turn_grants.hpp"

#include <gtest/gtest.h>

#include "services_fixture.hpp"

namespace parley::domain {
namespace {

using std::chrono::seconds;
using testing::services_test;

TEST(TurnGrants, FreshUntilTheBoundThenTheNewestAgain) {
  turn_grants g(3, seconds(3600));
  const std::int64_t t0 = 1'000'000;
  EXPECT_EQ(g.grant("u1", t0), t0 + 3600);
  EXPECT_EQ(g.grant("u1", t0 + 10), t0 + 10 + 3600);
  EXPECT_EQ(g.grant("u1", t0 + 20), t0 + 20 + 3600);
  // Over the bound: the newest credential again, not a later expiry.
  EXPECT_EQ(g.grant("u1", t0 + 30), t0 + 20 + 3600);
  EXPECT_EQ(g.grant("u1", t0 + 1800), t0 + 20 + 3600);
  // Another user is not affected.
  EXPECT_EQ(g.grant("u2", t0 + 30), t0 + 30 + 3600);
}

TEST(TurnGrants, NothingWhenTheHourIsUsedAndNothingIsValid) {
  turn_grants g(2, seconds(60));
  const std::int64_t t0 = 5'000;
  EXPECT_TRUE(g.grant("u", t0));
  EXPECT_TRUE(g.grant("u", t0 + 1));
  EXPECT_EQ(g.grant("u", t0 + 30), t0 + 1 + 60);
  EXPECT_EQ(g.grant("u", t0 + 61), std::nullopt);  // newest expired, hour not over
  EXPECT_EQ(g.grant("u", t0 + 3599), std::nullopt);
  // The first grant leaves the hour: room for one fresh grant.
  EXPECT_EQ(g.grant("u", t0 + 3600), t0 + 3600 + 60);
  EXPECT_EQ(g.grant("u", t0 + 3600), t0 + 3600 + 60);  // the second is still in the hour
}

TEST(TurnGrants, ZeroTurnsTheBoundOff) {
  turn_grants g(0, seconds(3600));
  for (int i = 0; i < 100; ++i) EXPECT_EQ(g.grant("u", 10 + i), 10 + i + 3600);
  EXPECT_EQ(g.tracked_users(), 0u);
}

TEST(TurnGrants, IdleUsersArePruned) {
  turn_grants g(5, seconds(60));
  for (int i = 0; i < 2000; ++i) g.grant("user" + std::to_string(i), 0);
  EXPECT_GE(g.tracked_users(), 1000u);
  // Two hours later a sweep (every 1024 calls) drops everyone idle.
  for (int i = 0; i < 1100; ++i) g.grant("late", 7200);
  EXPECT_LE(g.tracked_users(), 2u);
}

// Two bounds over one store stand for two processes of a cluster: a user asking each in turn
// gets the bound's fresh credentials in all, then the newest again, then none.
TEST_F(services_test, SharedGrantsAreCountedOverProcesses) {
  turn_grants a(3, seconds(60), &db()), b(3, seconds(60), &db());
  const std::int64_t t0 = 1'000'000;
  EXPECT_EQ(a.grant("u1", t0), t0 + 60);
  EXPECT_EQ(b.grant("u1", t0 + 1), t0 + 1 + 60);
  EXPECT_EQ(a.grant("u1", t0 + 2), t0 + 2 + 60);
  EXPECT_EQ(b.grant("u1", t0 + 3), t0 + 2 + 60);  // over the bound on the other process too
  EXPECT_EQ(a.grant("u2", t0 + 3), t0 + 3 + 60);  // another user has its own
  EXPECT_EQ(a.grant("u1", t0 + 63), std::nullopt);
  EXPECT_EQ(b.grant("u1", t0 + 3600), t0 + 3600 + 60);  // the first left the hour
  EXPECT_EQ(a.tracked_users(), 0u);                     // nothing kept in memory
  // A process alone does not see the shared counts.
  turn_grants alone(3, seconds(60));
  EXPECT_EQ(alone.grant("u1", t0 + 63), t0 + 63 + 60);
}

}  // namespace
}  // namespace parley::domain
