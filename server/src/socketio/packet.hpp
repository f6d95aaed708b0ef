// The Socket.IO v5 packet and its wire format:
//
//   <type>[<attachments>-][<namespace>,][<ack id>][<JSON payload>]
//
// e.g. `2["hello",1]`, `21/chat,7["hi"]`, `451-["up",{"_placeholder":true,"num":0}]` followed by
// one binary Engine.IO message per attachment, `0/chat,{"sid":"..."}`,
// `44/x,{"message":"Invalid namespace"}`.
#pragma once

#include <boost/json/value.hpp>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engineio/socket.hpp"
#include "socketio/errc.hpp"
#include "socketio/payload.hpp"

namespace parley::socketio {

namespace json = boost::json;

enum class packet_type : std::uint8_t {
  connect = 0,
  disconnect = 1,
  event = 2,
  ack = 3,
  connect_error = 4,
  binary_event = 5,
  binary_ack = 6,
};

struct packet {
  packet_type type = packet_type::event;
  std::string nsp = "/";
  std::optional<std::uint64_t> id;
  /// The JSON payload; null when the packet has none (no valid packet carries a JSON null).
  json::value data;
  /// Binary attachments, in placeholder order (BINARY_EVENT / BINARY_ACK only).
  std::vector<std::string> attachments;
};

/// Largest ack id accepted (JavaScript's Number.MAX_SAFE_INTEGER: the client counts with a
/// Number).
inline constexpr std::uint64_t max_ack_id = (std::uint64_t{1} << 53) - 1;

/// JSON nested deeper than this is refused: real payloads are shallow, and it bounds recursion.
inline constexpr unsigned max_json_depth = 32;

/// Event names the client library reserves; a client may not emit them (as socket.io-parser).
bool reserved_event(std::string_view name);

/// An EVENT (BINARY_EVENT when `args` has binary) whose data is [event, args...].
packet event_packet(std::string_view nsp, std::string_view event, payload args,
                    std::optional<std::uint64_t> id = std::nullopt);

/// The Engine.IO messages for `p`: its text, then one binary message per attachment. An EVENT or
/// ACK with attachments is sent as BINARY_EVENT / BINARY_ACK.
std::vector<engineio::message> encode(packet p);

/// The text form alone (attachment count included for binary types).
std::string encode_text(const packet& p);

/// Everything before a packet's JSON payload.
struct packet_header {
  packet_type type = packet_type::event;
  std::size_t attachments = 0;  ///< announced count (BINARY_* only)
  std::string_view nsp = "/";   ///< points into the parsed text, or "/" when absent
  std::optional<std::uint64_t> id;
  std::size_t payload = 0;  ///< offset of the JSON payload (the text's size when there is none)
};

/// Parses the header alone: type, attachment count (checked against `max_attachments`),
/// namespace and ack id (checked against max_ack_id).
result<packet_header> parse_header(std::string_view text, std::size_t max_attachments);

/// Parses and validates the text part of a packet. For BINARY_* packets, `attachments` is empty
/// and the count to expect is returned in `expected_attachments`. Placeholders are checked
/// against that count.
result<packet> parse_text(std::string_view text, std::size_t max_attachments,
                          std::size_t& expected_attachments);

}  // namespace parley::socketio
