#include "socketio/ack.hpp"

#include <atomic>

#include "socketio/socket.hpp"

namespace parley::socketio {

struct ack::state {
  state(std::weak_ptr<socket> t, std::uint64_t i) : target(std::move(t)), id(i) {}
  std::weak_ptr<socket> target;
  std::uint64_t id;
  std::atomic<bool> sent{false};
};

ack::ack(std::weak_ptr<socket> s, std::uint64_t id)
    : state_(std::make_shared<state>(std::move(s), id)) {}

void ack::operator()(payload reply) const {
  if (!state_ || state_->sent.exchange(true)) return;
  if (auto s = state_->target.lock()) s->send_packet_ack(state_->id, std::move(reply));
}

}  // namespace parley::socketio
