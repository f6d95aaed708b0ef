#include "loadgen/payloads.hpp"

#include <charconv>
#include <chrono>

namespace parley::bench {
namespace {

constexpr std::size_t ice_packet_bytes = 250;
constexpr std::size_t offer_sdp_bytes = 4000;

// One media section of a typical browser offer; repeated until the SDP reaches its size.
constexpr std::string_view sdp_section =
    "m=video 9 UDP/TLS/RTP/SAVPF 96 97 102 103 104 105 106 107\\r\\n"
    "c=IN IP4 0.0.0.0\\r\\na=rtcp:9 IN IP4 0.0.0.0\\r\\n"
    "a=ice-ufrag:Ab3d\\r\\na=ice-pwd:7hR2kQ9sXv1mN4pL6tW8yZ0c\\r\\na=ice-options:trickle\\r\\n"
    "a=fingerprint:sha-256 4F:2A:9C:11:D3:7E:58:B0:6A:E2:19:3C:75:0D:8F:A4:C6:21:5B:E9:03:7D:"
    "94:1F:AB:60:2E:C8:47:D5:3B:9A\\r\\na=setup:actpass\\r\\na=mid:1\\r\\n"
    "a=rtpmap:96 VP8/90000\\r\\na=rtcp-fb:96 goog-remb\\r\\na=rtcp-fb:96 transport-cc\\r\\n";

std::string close_packet(std::string packet, std::string_view target_socket) {
  packet += "\"targetSocket\":\"";
  packet += target_socket;
  packet += "\"}]";
  return packet;
}

}  // namespace

std::int64_t now_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

std::string ice_candidate_packet(std::string_view target_socket, std::int64_t sent_ns) {
  std::string p = "2[\"ice-candidate\",{\"candidate\":{\"candidate\":\"candidate:";
  p += std::to_string(sent_ns);
  p += " 1 udp 2122260223 192.168.1.20 54321 typ host generation 0 ufrag Ab3d network-id 1";
  constexpr std::string_view tail =
      "\",\"sdpMid\":\"0\",\"sdpMLineIndex\":0,\"usernameFragment\":\"Ab3d\"},";
  const auto fixed = p.size() + tail.size() + target_socket.size() + 20;
  if (fixed < ice_packet_bytes) p.append(ice_packet_bytes - fixed, 'x');  // padding in the tail
  p += tail;
  return close_packet(std::move(p), target_socket);
}

std::string offer_packet(std::string_view target_socket, std::int64_t sent_ns) {
  std::string p = "2[\"offer\",{\"offer\":{\"type\":\"offer\",\"sdp\":\"v=0\\r\\no=- ";
  p += std::to_string(sent_ns);
  p += " 2 IN IP4 127.0.0.1\\r\\ns=-\\r\\nt=0 0\\r\\na=group:BUNDLE 0 1\\r\\n";
  while (p.size() < offer_sdp_bytes) p += sdp_section;
  p += "\"},";
  return close_packet(std::move(p), target_socket);
}

std::optional<std::int64_t> embedded_send_time(std::string_view packet) {
  for (std::string_view key : {std::string_view("\"candidate:"), std::string_view("o=- ")}) {
    const auto at = packet.find(key);
    if (at == std::string_view::npos) continue;
    std::int64_t t = 0;
    const char* first = packet.data() + at + key.size();
    if (std::from_chars(first, packet.data() + packet.size(), t).ec == std::errc{}) return t;
  }
  return std::nullopt;
}

}  // namespace parley::bench
