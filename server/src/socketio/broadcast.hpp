// Selects sockets of one namespace by room for an emit (Node's `BroadcastOperator`):
//
//   nsp.to("room").except(sender_id).emit("user-joined", {participant});
//   socket->to("room").emit(...);            // everyone in the room but the sender
//
// A cheap value (the namespace pointer plus two short string lists); build it, use it, drop it.
// Thread-safe: emit() takes the namespace's room lock only to copy the target list, encodes
// the packet once and hands the shared buffers to each target's Engine.IO socket.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "socketio/payload.hpp"

namespace parley::socketio {

class nsp;
class socket;

class broadcast_operator {
 public:
  /// Targets every socket of `n` (no room filter yet).
  explicit broadcast_operator(nsp& n) : nsp_(&n) {}

  /// Adds a room: the targets are the union of all rooms given (none given: the whole namespace).
  broadcast_operator to(std::string room) const;
  /// Excludes the members of `room_or_socket_id` (a socket id excludes that one socket).
  broadcast_operator except(std::string room_or_socket_id) const;

  /// Sends to every selected, connected socket. Acks are not supported on broadcasts.
  void emit(std::string_view event, payload args = {}) const;
  /// The selected sockets (a snapshot).
  std::vector<std::shared_ptr<socket>> sockets() const;
  /// Disconnects every selected socket (see socket::disconnect).
  void disconnect_sockets(bool close_connection = false) const;

 private:
  nsp* nsp_;
  std::vector<std::string> rooms_;
  std::vector<std::string> except_;
};

}  // namespace parley::socketio
