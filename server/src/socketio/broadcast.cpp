#include "socketio/broadcast.hpp"

#include "socketio/nsp.hpp"
#include "socketio/packet.hpp"
#include "socketio/socket.hpp"

namespace parley::socketio {

broadcast_operator broadcast_operator::to(std::string room) const {
  auto copy = *this;
  copy.rooms_.push_back(std::move(room));
  return copy;
}

broadcast_operator broadcast_operator::except(std::string room_or_socket_id) const {
  auto copy = *this;
  copy.except_.push_back(std::move(room_or_socket_id));
  return copy;
}

void broadcast_operator::emit(std::string_view event, payload args) const {
  auto targets = nsp_->select(rooms_, except_);
  if (targets.empty()) return;
  // Encoded once; every target shares the same buffers.
  const auto encoded = encode(event_packet(nsp_->name(), event, std::move(args)));
  for (const auto& t : targets) t->write(encoded);
}

std::vector<std::shared_ptr<socket>> broadcast_operator::sockets() const {
  return nsp_->select(rooms_, except_);
}

void broadcast_operator::disconnect_sockets(bool close_connection) const {
  for (const auto& s : nsp_->select(rooms_, except_)) s->disconnect(close_connection);
}

}  // namespace parley::socketio
