// Reassembles Socket.IO packets from Engine.IO messages: a text message is a packet, except
// that a BINARY_EVENT/BINARY_ACK waits for its attachments in the binary messages that follow.
// One per Engine.IO connection; not thread-safe (used on the connection's strand).
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string_view>

#include "socketio/packet.hpp"

namespace parley::socketio {

class decoder {
 public:
  /// Limits: attachments per packet, and their total bytes.
  decoder(std::size_t max_attachments, std::size_t max_attachment_bytes)
      : max_attachments_(max_attachments), max_attachment_bytes_(max_attachment_bytes) {}

  /// Feeds one Engine.IO message. Returns a complete packet, nullopt while attachments are
  /// still expected, or the error that makes the stream invalid (the decoder is then reset;
  /// the caller closes the connection).
  result<std::optional<packet>> feed(std::string_view data, bool binary);

  /// Whether a binary packet is waiting for attachments.
  bool pending() const { return pending_ != nullptr; }

 private:
  std::size_t max_attachments_;
  std::size_t max_attachment_bytes_;
  std::unique_ptr<packet> pending_;  ///< a binary packet awaiting attachments (rare: on the heap)
  std::size_t expected_ = 0;
  std::size_t pending_bytes_ = 0;
};

}  // namespace parley::socketio
