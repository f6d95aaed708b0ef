// The per-user limits of the events that reach a whole meeting (docs/cluster.md "Per-user
// limits"): which budget an event spends, and how large it is. With --redis a user's budget is
// one bucket in Redis, shared by every socket of that user on every process; without it, or
// while Redis is lost, each socket spends its own (member_session::limit_user).
#pragma once

#include <string_view>

#include "signaling/limits.hpp"

namespace parley::signaling {

/// The budgets a user spends across the cluster.
enum class user_rate {
  chat,      ///< chat-message: as many as one socket's event rate (limits::events_per_second)
  reaction,  ///< reaction: limits::reactions_per_second
};

/// A token bucket's figures: refilled at `per_second`, holding at most `burst`.
struct rate_limit {
  double per_second = 0;
  double burst = 0;
  /// Either at 0: no limit (like a token_bucket of capacity 0); nothing is asked of Redis.
  bool unlimited() const { return per_second <= 0 || burst <= 0; }
};

/// The budget of `r`, as large as one socket's today (a user with one tab notices nothing).
rate_limit limit_of(user_rate r, const limits& lim);

/// Its name in the Redis key `parley:rate:<userId>:<name>`: "chat", "reaction".
std::string_view rate_name(user_rate r);

}  // namespace parley::signaling
