#include "engineio/polling_transport.hpp"

#include <utility>

#include "engineio/payload.hpp"

namespace parley::engineio {

void polling_transport::push(out_packet p) {
  queued_bytes_ += p.queued_size();
  queue_.push_back(std::move(p));
}

void polling_transport::hold(reply r) {
  held_ = std::make_unique<reply>(std::move(r));
}

void polling_transport::flush() {
  if (held_ && !queue_.empty()) answer();
}

void polling_transport::release(packet_type last) {
  if (!held_) return;
  if (last == packet_type::close || queue_.empty()) push(control_packet(last));
  answer();
}

std::vector<out_packet> polling_transport::take_queue() {
  queued_bytes_ = 0;
  return std::exchange(queue_, {});
}

void polling_transport::answer() {
  std::string body = encode_payload(queue_);
  queue_.clear();
  queued_bytes_ = 0;
  reply r = std::move(*held_);
  held_.reset();
  r.payload(std::move(body));
}

}  // namespace parley::engineio
