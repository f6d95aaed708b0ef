#include "auth/login_limiter.hpp"

#include <gtest/gtest.h>

namespace parley::auth {
namespace {

using namespace std::chrono_literals;
using tp = login_limiter::clock::time_point;

TEST(login_limiter, five_failures_per_login_then_429_until_the_window_passes) {
  login_limiter l({});
  tp t0{};
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(l.check("Alice", "10.0.0.1", t0 + i * 1s), 0s) << i;
    l.record_failure("Alice", "10.0.0." + std::to_string(i), t0 + i * 1s);  // different addresses
  }
  EXPECT_EQ(l.check("alice", "10.0.0.9", t0 + 5s), 900s - 5s);  // case-insensitive login
  EXPECT_EQ(l.check("bob", "10.0.0.9", t0 + 5s), 0s);
  EXPECT_GT(l.check("ALICE", "x", t0 + 900s - 1ms), 0s);
  EXPECT_EQ(l.check("ALICE", "x", t0 + 900s), 0s);  // the first failure left the window
}

TEST(login_limiter, twenty_failures_per_address_across_logins) {
  login_limiter l({});
  tp t0{};
  for (int i = 0; i < 20; ++i) l.record_failure("user" + std::to_string(i), "203.0.113.1", t0);
  EXPECT_EQ(l.check("fresh", "203.0.113.1", t0 + 10s), 890s);
  EXPECT_EQ(l.check("fresh", "203.0.113.2", t0 + 10s), 0s);
  EXPECT_EQ(l.check("fresh", "::ffff:203.0.113.1", t0 + 10s), 890s);  // the same client
  EXPECT_EQ(l.check("fresh", "203.0.113.1", t0 + 900s), 0s);
}

TEST(login_limiter, an_ipv6_client_counts_per_64) {
  login_limiter l({});
  tp t0{};
  // One subscriber rotating through addresses of its /64 is still one client.
  for (int i = 0; i < 20; ++i)
    l.record_failure("user" + std::to_string(i), "2001:db8:1:2::" + std::to_string(i + 1), t0);
  EXPECT_GT(l.check("fresh", "2001:db8:1:2:ffff::9", t0 + 1s), 0s);
  EXPECT_EQ(l.check("fresh", "2001:db8:1:3::1", t0 + 1s), 0s);  // the next /64: someone else
}

TEST(login_limiter, retry_after_is_at_least_one_second) {
  login_limiter l({.per_login = 1, .per_address = 10, .window = 10s});
  tp t0{};
  l.record_failure("a", "h", t0);
  EXPECT_EQ(l.check("a", "h", t0 + 10s - 1ms), 1s);
}

TEST(login_limiter, memory_stays_bounded_under_a_spray_of_logins) {
  login_limiter l({.max_tracked_keys = 100});
  tp t0{};
  for (int i = 0; i < 10'000; ++i) l.record_failure("spray" + std::to_string(i), "h", t0);
  EXPECT_LE(l.tracked_keys(), 102u);  // 100 logins, the shared overflow count, one address
}

}  // namespace
}  // namespace parley::auth

namespace parley::auth {
namespace {

using namespace std::chrono_literals;
using tp = login_limiter::clock::time_point;

// docs/api.md "Failed logins": keys are cut to 256 bytes (no login is longer than 254), so
// a 64 KiB login costs no more memory than a real one.
TEST(login_limiter, keys_are_truncated) {
  login_limiter l({});
  tp t0{};
  const std::string head(300, 'a');
  for (int i = 0; i < 5; ++i)
    l.record_failure(head + std::string(64 * 1024, static_cast<char>('0' + i)), "h", t0);
  EXPECT_GT(l.check(head + "different tail", "other", t0 + 1s), 0s);
  EXPECT_LE(l.key_bytes(), 2 * 256u);
}

// Keys whose failures all left the window are dropped within a minute of the next call,
// not only when the map is full.
TEST(login_limiter, expired_keys_are_pruned_by_age) {
  login_limiter l({});
  tp t0{};
  for (int i = 0; i < 1000; ++i) l.record_failure("u" + std::to_string(i), "h", t0);
  EXPECT_EQ(l.tracked_keys(), 1001u);
  EXPECT_EQ(l.check("x", "y", t0 + 900s + 61s), 0s);
  EXPECT_EQ(l.tracked_keys(), 0u);
}

// A full map never forgets live counters: logins it cannot track share one overflow count.
TEST(login_limiter, a_full_map_never_resets_live_counters) {
  login_limiter l({.max_tracked_keys = 10});
  tp t0{};
  for (int i = 0; i < 5; ++i) l.record_failure("victim", "h" + std::to_string(i), t0);
  ASSERT_GT(l.check("victim", "z", t0), 0s);
  for (int i = 0; i < 1000; ++i)
    l.record_failure("spray" + std::to_string(i), "a" + std::to_string(i), t0 + 1s);
  EXPECT_GT(l.check("victim", "z", t0 + 2s), 0s);
  EXPECT_LE(l.tracked_keys(), 22u);
}

}  // namespace
}  // namespace parley::auth
