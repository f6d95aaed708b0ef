// The per-user bound on TURN credentials (docs/api.md "GET /api/ice-servers").
#include "api/turn_grants.hpp"

#include <gtest/gtest.h>

namespace parley::api {
namespace {

using std::chrono::seconds;

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

}  // namespace
}  // namespace parley::api
