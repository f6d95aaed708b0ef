// One socket's presence in a room, as the contract's `participant` object describes it.
#pragma once

#include <boost/json/object.hpp>
#include <string>

namespace parley::signaling {

struct participant {
  std::string socket_id;
  std::string user_id;
  std::string username;
  bool audio = true;
  bool video = true;
  bool screen = false;               ///< always false on (re)join
  bool raised = false;               ///< always false on (re)join
  std::string role = "participant";  ///< "host" | "cohost" | "participant" (room_state::role_of)

  /// {socketId, userId, username, audio, video, screen, raised, role}
  boost::json::object to_json() const;
  /// `media-state`'s body: {socketId, userId, audio, video, screen}
  boost::json::object media_json() const;
  /// Adds who did it, {bySocket, byUserId, byUsername}, to a moderation event's body `o`.
  boost::json::object& add_as_actor(boost::json::object& o) const;
};

}  // namespace parley::signaling
