// docs/cluster.md "Per-user limits": each budget is as large as one socket's today, under the
// name its Redis key uses; a zero figure lifts it.
#include "signaling/user_rate.hpp"

#include <gtest/gtest.h>

#include <string_view>

namespace parley::signaling {
namespace {

// Every budget, by the socket limit it copies and its key's class.
struct row {
  user_rate r;
  std::string_view name;
  bool event_rate;  ///< the socket's event rate, else its reaction rate
};
constexpr row rows[] = {
    {user_rate::chat, "chat", true},
    {user_rate::reaction, "reaction", false},
    {user_rate::media_state, "media-state", true},
    {user_rate::raise_hand, "raise-hand", true},
    {user_rate::moderation, "moderation", true},
};

TEST(user_rate, budgets_are_one_sockets_limits) {
  limits lim;
  lim.events_per_second = 7;  // distinct figures: a row copying the wrong one shows
  lim.event_burst = 11;
  for (const row& x : rows) {
    const rate_limit got = limit_of(x.r, lim);
    EXPECT_EQ(got.per_second, x.event_rate ? 7 : lim.reactions_per_second) << x.name;
    EXPECT_EQ(got.burst, x.event_rate ? 11 : lim.reaction_burst) << x.name;
    EXPECT_FALSE(got.unlimited()) << x.name;
    // Without Redis, the event rate every event spent already is the socket's own budget.
    EXPECT_EQ(spends_event_rate(x.r), x.event_rate) << x.name;
  }
  EXPECT_EQ(limit_of(user_rate::reaction, limits{}).per_second, 1);
  EXPECT_EQ(limit_of(user_rate::reaction, limits{}).burst, 5);
}

TEST(user_rate, a_zero_figure_means_no_limit) {
  limits lim;
  lim.events_per_second = 0;  // --event-rate 0 (the app zeroes both)
  lim.event_burst = 0;
  EXPECT_TRUE(limit_of(user_rate::chat, lim).unlimited());
  EXPECT_TRUE((rate_limit{5, 0}.unlimited()));
  EXPECT_TRUE((rate_limit{0, 5}.unlimited()));
  EXPECT_FALSE((rate_limit{0.5, 1}.unlimited()));
}

TEST(user_rate, names_are_the_redis_key_classes) {
  for (const row& x : rows) EXPECT_EQ(rate_name(x.r), x.name);
}

}  // namespace
}  // namespace parley::signaling
