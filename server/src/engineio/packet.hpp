// Engine.IO v4 packets: the decoded form of what a client sends, the queued form of what the
// server sends, and their text encodings.
//
//   <type digit>[data]   text packet (WebSocket text frame, or one long-polling record)
//   b<base64>            binary message inside a long-polling payload
//   raw bytes            binary message as a WebSocket binary frame
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace parley::engineio {

enum class packet_type : std::uint8_t { open = 0, close, ping, pong, message, upgrade, noop };

/// The digit that encodes `t` ('0'..'6').
inline char type_char(packet_type t) {
  return static_cast<char>('0' + static_cast<int>(t));
}

/// A received packet. `data` views the caller's buffer (or a decoder's scratch space).
struct packet {
  packet_type type = packet_type::noop;
  std::string_view data;
  bool binary = false;
};

/// Decodes one text-encoded packet ("4hello", "2probe", "6"). Binary "b..." records are a
/// long-polling payload matter (see payload_reader). nullopt: empty input or unknown type.
std::optional<packet> decode_text_packet(std::string_view text);

/// A packet waiting to be sent. Messages share their payload so a broadcast is serialized once;
/// control packets ("probe", the open JSON) carry their own small string.
struct out_packet {
  packet_type type = packet_type::message;
  bool binary = false;
  std::shared_ptr<const std::string> shared;
  std::string own;

  std::string_view data() const {
    return shared ? std::string_view(*shared) : std::string_view(own);
  }
  /// Bytes this packet holds in a send queue (what the slow-consumer limit counts).
  std::size_t queued_size() const { return 1 + data().size(); }
};

inline out_packet control_packet(packet_type t, std::string data = {}) {
  return {t, false, nullptr, std::move(data)};
}

/// Appends the long-polling encoding of `p`: type digit + data, or "b" + base64 for binary.
void append_polling_encoding(std::string& out, const out_packet& p);

}  // namespace parley::engineio
