#include "signaling/participant.hpp"

namespace parley::signaling {

boost::json::object participant::to_json() const {
  return {{"socketId", socket_id}, {"userId", user_id}, {"username", username}, {"audio", audio},
          {"video", video},        {"screen", screen},  {"raised", raised},     {"role", role}};
}

boost::json::object participant::media_json() const {
  return {{"socketId", socket_id},
          {"userId", user_id},
          {"audio", audio},
          {"video", video},
          {"screen", screen}};
}

boost::json::object& participant::add_as_actor(boost::json::object& o) const {
  o["bySocket"] = socket_id;
  o["byUserId"] = user_id;
  o["byUsername"] = username;
  return o;
}

}  // namespace parley::signaling
