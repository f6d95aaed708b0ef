#include "signaling/participant.hpp"

namespace parley::signaling {

boost::json::object participant::to_json() const {
  return {{"socketId", socket_id}, {"userId", user_id}, {"username", username}, {"audio", audio},
          {"video", video},        {"screen", screen},  {"raised", raised},     {"role", role}};
}

}  // namespace parley::signaling
