#include "signaling/user_rate.hpp"

#include <cstddef>

namespace parley::signaling {

namespace {

// One row per user_rate, in its order: the Redis key's class and the socket limits it copies.
struct rate_row {
  user_rate r;
  std::string_view name;
  double limits::*per_second;
  double limits::*burst;
};

constexpr rate_row rows[] = {
    {user_rate::chat, "chat", &limits::events_per_second, &limits::event_burst},
    {user_rate::reaction, "reaction", &limits::reactions_per_second, &limits::reaction_burst},
    {user_rate::media_state, "media-state", &limits::events_per_second, &limits::event_burst},
    {user_rate::raise_hand, "raise-hand", &limits::events_per_second, &limits::event_burst},
    {user_rate::moderation, "moderation", &limits::events_per_second, &limits::event_burst},
};

constexpr bool rows_in_order() {
  for (std::size_t i = 0; i < std::size(rows); ++i)
    if (static_cast<std::size_t>(rows[i].r) != i) return false;
  return true;
}
static_assert(rows_in_order(), "rows[] must list user_rate in its order");

const rate_row& row(user_rate r) {
  return rows[static_cast<std::size_t>(r)];
}

}  // namespace

rate_limit limit_of(user_rate r, const limits& lim) {
  const rate_row& x = row(r);
  return {lim.*x.per_second, lim.*x.burst};
}

std::string_view rate_name(user_rate r) {
  return row(r).name;
}

bool spends_event_rate(user_rate r) {
  return row(r).per_second == &limits::events_per_second;
}

}  // namespace parley::signaling
