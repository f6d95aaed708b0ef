#include "signaling/user_rate.hpp"

namespace parley::signaling {

rate_limit limit_of(user_rate r, const limits& lim) {
  switch (r) {
    case user_rate::chat:
      return {lim.events_per_second, lim.event_burst};
    case user_rate::reaction:
      return {lim.reactions_per_second, lim.reaction_burst};
  }
  return {};
}

std::string_view rate_name(user_rate r) {
  switch (r) {
    case user_rate::chat:
      return "chat";
    case user_rate::reaction:
      return "reaction";
  }
  return "";
}

}  // namespace parley::signaling
