#include "auth/token_cache.hpp"

#include <gtest/gtest.h>

namespace parley::auth {
namespace {

using namespace std::chrono_literals;

identity who(const std::string& session, const std::string& user_id) {
  identity i;
  i.user.id = user_id;
  i.user.password_hash = "$argon2id$secret";
  i.session_id = session;
  return i;
}

TEST(token_cache, serves_until_the_session_expires) {
  token_cache c(8, 60s);
  c.put(who("s1", "u1"), /*expires_at=*/1'000, /*now=*/0, c.generation());
  auto hit = c.find("s1", 999);
  ASSERT_TRUE(hit);
  EXPECT_EQ(hit->user.id, "u1");
  EXPECT_TRUE(hit->user.password_hash.empty());  // never cached
  EXPECT_FALSE(c.find("s1", 1'000));             // expires_at is exclusive, as in the store
  EXPECT_FALSE(c.find("s2", 0));
}

TEST(token_cache, asks_the_store_again_after_max_age) {
  token_cache c(8, 10s);
  c.put(who("s1", "u1"), 1'000'000, 5'000, c.generation());
  EXPECT_TRUE(c.find("s1", 14'999));
  EXPECT_FALSE(c.find("s1", 15'000));
}

TEST(token_cache, revoke_forgets_at_once_and_beats_lookups_in_flight) {
  token_cache c(8, 60s);
  c.put(who("s1", "u1"), 1'000'000, 0, c.generation());
  const auto seen = c.generation();            // a lookup of s1 starts, asks the store...
  c.revoke("s1");                              // ...sign-out deletes the session meanwhile...
  c.put(who("s1", "u1"), 1'000'000, 0, seen);  // ...and the stale answer arrives
  EXPECT_FALSE(c.find("s1", 1));
  c.put(who("s1", "u1"), 1'000'000, 0, c.generation());  // a lookup after the revocation
  EXPECT_TRUE(c.find("s1", 1));
}

TEST(token_cache, holds_at_most_its_capacity_dropping_the_least_recently_used) {
  token_cache c(2, 60s);
  c.put(who("a", "u"), 1'000, 0, c.generation());
  c.put(who("b", "u"), 1'000, 0, c.generation());
  EXPECT_TRUE(c.find("a", 1));  // b is now the least recently used
  c.put(who("c", "u"), 1'000, 0, c.generation());
  EXPECT_TRUE(c.find("a", 1));
  EXPECT_FALSE(c.find("b", 1));
  EXPECT_TRUE(c.find("c", 1));
}

}  // namespace
}  // namespace parley::auth
