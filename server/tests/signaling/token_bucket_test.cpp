#include "signaling/token_bucket.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace parley::signaling {
namespace {

using namespace std::chrono_literals;
using clock = token_bucket::clock;

struct step {
  std::chrono::milliseconds at;  ///< since the bucket was made
  int takes;                     ///< try_take() calls at that instant
  int granted;                   ///< how many of them must succeed
};

struct bucket_case {
  const char* name;
  double rate;
  double capacity;
  std::vector<step> steps;
};

class token_bucket_table : public testing::TestWithParam<bucket_case> {};

TEST_P(token_bucket_table, grants_exactly_the_expected_tokens) {
  const auto& c = GetParam();
  const auto t0 = clock::time_point{} + 1h;
  token_bucket b(c.rate, c.capacity, t0);
  for (const auto& s : c.steps) {
    int granted = 0;
    for (int i = 0; i < s.takes; ++i) granted += b.try_take(t0 + s.at) ? 1 : 0;
    EXPECT_EQ(granted, s.granted) << c.name << " at " << s.at.count() << " ms";
  }
}

INSTANTIATE_TEST_SUITE_P(
    cases, token_bucket_table,
    testing::Values(
        bucket_case{"starts full, then empty", 10, 5, {{0ms, 7, 5}, {0ms, 1, 0}}},
        bucket_case{"refills at the rate", 10, 5, {{0ms, 5, 5}, {100ms, 2, 1}, {300ms, 5, 2}}},
        bucket_case{"never above capacity", 10, 5, {{0ms, 5, 5}, {60s, 9, 5}}},
        bucket_case{
            "fractional refill accumulates", 1, 1, {{0ms, 1, 1}, {500ms, 1, 0}, {1000ms, 1, 1}}},
        bucket_case{
            "time going backwards grants nothing", 10, 2, {{1s, 2, 2}, {500ms, 1, 0}, {1s, 1, 0}}},
        bucket_case{"the default event limit: burst 200 then 50/s",
                    50,
                    200,
                    {{0ms, 250, 200}, {1s, 100, 50}, {1100ms, 10, 5}}}),
    [](const auto& info) { return "case" + std::to_string(info.index); });

TEST(token_bucket, available_reports_refilled_tokens) {
  const auto t0 = clock::time_point{} + 1h;
  token_bucket b(4, 8, t0);
  for (int i = 0; i < 8; ++i) ASSERT_TRUE(b.try_take(t0));
  EXPECT_DOUBLE_EQ(b.available(t0 + 500ms), 2.0);
}

}  // namespace
}  // namespace parley::signaling
