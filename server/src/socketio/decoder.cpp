#include "socketio/decoder.hpp"

namespace parley::socketio {

result<std::optional<packet>> decoder::feed(std::string_view data, bool binary) {
  if (binary) {
    if (!pending_) return errc::unexpected_binary;
    pending_bytes_ += data.size();
    if (pending_bytes_ > max_attachment_bytes_) {
      pending_.reset();
      return errc::too_many_attachments;
    }
    pending_->attachments.emplace_back(data);
    if (pending_->attachments.size() < expected_) return std::optional<packet>();
    std::optional<packet> done = std::move(*pending_);
    pending_.reset();
    return done;
  }
  if (pending_) {
    pending_.reset();
    return errc::unexpected_text;
  }
  std::size_t expected = 0;
  auto p = parse_text(data, max_attachments_, expected);
  if (!p) return p.error();
  if (expected == 0) return std::optional<packet>(std::move(*p));
  expected_ = expected;
  pending_bytes_ = 0;
  pending_ = std::make_unique<packet>(std::move(*p));
  pending_->attachments.reserve(expected);
  return std::optional<packet>();
}

}  // namespace parley::socketio
