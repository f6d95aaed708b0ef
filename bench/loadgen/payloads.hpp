// The relayed messages the bench sends, built as ready Socket.IO event packets, with the send
// time (steady clock, nanoseconds) embedded where a real client's payload has a free-form
// number: an ICE candidate's foundation and an SDP's session id. The receiver finds it again
// without parsing JSON, so the generator stays cheap per message.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace parley::bench {

// `2["ice-candidate",{"candidate":{...},"targetSocket":...}]`, about 250 bytes on the wire.
std::string ice_candidate_packet(std::string_view target_socket, std::int64_t sent_ns);

// `2["offer",{"offer":{"type":"offer","sdp":...},"targetSocket":...}]`, about 4 KB.
std::string offer_packet(std::string_view target_socket, std::int64_t sent_ns);

// The send time embedded in a relayed `ice-candidate` or `offer` packet, if any.
std::optional<std::int64_t> embedded_send_time(std::string_view packet);

// Monotonic now in nanoseconds (same clock for sender and receiver: one process).
std::int64_t now_ns();

}  // namespace parley::bench
