#include "domain/work_gate.hpp"

#include <gtest/gtest.h>

namespace parley::domain {
namespace {

// docs/api.md "Overload": a lane holds at most max_total jobs, and one caller at most
// max_per_key of them.
TEST(work_gate, bounds_the_lane_and_each_caller) {
  work_gate g(3, 2);
  EXPECT_FALSE(g.enter("alice"));
  EXPECT_FALSE(g.enter("alice"));
  auto third = g.enter("alice");
  ASSERT_TRUE(third);
  EXPECT_EQ(third->code, errc::rate_limited);
  EXPECT_EQ(third->retry_after, std::chrono::seconds{1});
  EXPECT_FALSE(g.enter("bob"));
  auto full = g.enter("carol");
  ASSERT_TRUE(full);
  EXPECT_EQ(full->code, errc::unavailable);
  g.leave("alice");
  EXPECT_FALSE(g.enter("carol"));
  EXPECT_EQ(g.size(), 3u);
}

TEST(work_gate, no_per_key_bound_when_zero) {
  work_gate g(2, 0);
  EXPECT_FALSE(g.enter({}));
  EXPECT_FALSE(g.enter({}));
  EXPECT_EQ(g.enter({})->code, errc::unavailable);
  g.leave({});
  g.leave({});
  EXPECT_EQ(g.size(), 0u);
}

}  // namespace
}  // namespace parley::domain
