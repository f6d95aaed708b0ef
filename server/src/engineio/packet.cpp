#include "engineio/packet.hpp"

#include "engineio/base64.hpp"

namespace parley::engineio {

std::optional<packet> decode_text_packet(std::string_view text) {
  if (text.empty()) return std::nullopt;
  const char c = text.front();
  if (c < '0' || c > '6') return std::nullopt;
  return packet{static_cast<packet_type>(c - '0'), text.substr(1), false};
}

void append_polling_encoding(std::string& out, const out_packet& p) {
  if (p.binary) {
    out.push_back('b');
    base64::encode_append(out, p.data());
    return;
  }
  out.push_back(type_char(p.type));
  out.append(p.data());
}

}  // namespace parley::engineio
