// docs/cluster.md "Per-user limits": each budget is as large as one socket's today, under the
// name its Redis key uses; a zero figure lifts it.
#include "signaling/user_rate.hpp"

#include <gtest/gtest.h>

namespace parley::signaling {
namespace {

TEST(user_rate, budgets_are_one_sockets_limits) {
  limits lim;
  const rate_limit chat = limit_of(user_rate::chat, lim);
  EXPECT_EQ(chat.per_second, lim.events_per_second);
  EXPECT_EQ(chat.burst, lim.event_burst);
  EXPECT_FALSE(chat.unlimited());
  const rate_limit reaction = limit_of(user_rate::reaction, lim);
  EXPECT_EQ(reaction.per_second, 1);
  EXPECT_EQ(reaction.burst, 5);
  EXPECT_FALSE(reaction.unlimited());
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
  EXPECT_EQ(rate_name(user_rate::chat), "chat");
  EXPECT_EQ(rate_name(user_rate::reaction), "reaction");
}

}  // namespace
}  // namespace parley::signaling
