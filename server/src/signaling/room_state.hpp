// The membership of one meeting room as a plain state machine (no I/O, no threads): who is in
// it, in order of joining, and whether the meeting ended. `room` drives it on its strand and
// turns each transition into emits; the unit tests drive it directly.
//
// States: open (0..n members) -> ended (0 members, final). Transitions:
//   admit(p)   open: appends p (unless its socket is already a member) | ended: refused
//   remove(id) removes and returns the member, or nothing if it is not one
//   end()      open -> ended, returns the members it had (now empty) | ended: returns {}
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "signaling/errc.hpp"
#include "signaling/participant.hpp"

namespace parley::socketio {
class socket;
}

namespace parley::signaling {

class member_session;

struct member {
  participant info;
  std::shared_ptr<socketio::socket> socket;  ///< held while a member (null in unit tests)
  std::weak_ptr<member_session> session;     ///< told when the room evicts it
};

class room_state {
 public:
  /// meeting_ended once ended; already_in_room if the socket is already a member.
  std::optional<errc> admit(member m);
  /// The removed member, or nullopt if `socket_id` is not a member.
  std::optional<member> remove(std::string_view socket_id);
  /// Ends the room: returns every member (in join order) and leaves it empty for good.
  std::vector<member> end();

  /// The member with this socket id, or null.
  member* find(std::string_view socket_id);
  const std::vector<member>& members() const { return members_; }
  std::size_t size() const { return members_.size(); }
  bool empty() const { return members_.empty(); }
  bool ended() const { return ended_; }

  /// The participants in join order, optionally without `except_socket`.
  boost::json::array participants(std::string_view except_socket = {}) const;

 private:
  // Join order matters (lists are shown in it) and rooms are small (a mesh tops out around
  // a dozen), so a vector with linear lookups beats a map here.
  std::vector<member> members_;
  bool ended_ = false;
};

}  // namespace parley::signaling
