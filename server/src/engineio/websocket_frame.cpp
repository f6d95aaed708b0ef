#include "engineio/websocket_frame.hpp"

#include <cstring>

namespace parley::engineio::ws {

decode_result decode_header(std::string_view in, frame_header& h) {
  if (in.size() < 2) return decode_result::need_more;
  const auto b0 = static_cast<std::uint8_t>(in[0]);
  const auto b1 = static_cast<std::uint8_t>(in[1]);
  if ((b0 & 0x70) != 0) return decode_result::reserved_bits;
  if ((b1 & 0x80) == 0) return decode_result::unmasked;
  h.fin = (b0 & 0x80) != 0;
  const std::uint8_t op = b0 & 0x0F;
  if ((op > 0x2 && op < 0x8) || op > 0xA) return decode_result::bad_opcode;
  h.op = static_cast<opcode>(op);

  std::size_t at = 2;
  std::uint64_t length = b1 & 0x7F;
  if (length == 126) {
    if (in.size() < at + 2) return decode_result::need_more;
    length =
        (std::uint64_t{static_cast<std::uint8_t>(in[2])} << 8) | static_cast<std::uint8_t>(in[3]);
    if (length < 126) return decode_result::bad_length;
    at += 2;
  } else if (length == 127) {
    if (in.size() < at + 8) return decode_result::need_more;
    length = 0;
    for (std::size_t i = 0; i < 8; ++i)
      length = (length << 8) | static_cast<std::uint8_t>(in[at + i]);
    if ((length >> 63) != 0 || length <= 0xFFFF) return decode_result::bad_length;
    at += 8;
  }
  if (is_control(h.op) && (!h.fin || length > 125)) return decode_result::bad_control;
  if (in.size() < at + 4) return decode_result::need_more;
  std::memcpy(h.key.data(), in.data() + at, 4);
  h.length = length;
  h.header_size = at + 4;
  return decode_result::ok;
}

void unmask(char* data, std::size_t n, const std::array<std::uint8_t, 4>& key, std::size_t offset) {
  // Eight bytes at a time with the key rotated to `offset` and repeated, then the tail.
  std::array<std::uint8_t, 8> k8{};
  for (std::size_t i = 0; i < 8; ++i) k8[i] = key[(offset + i) % 4];
  std::uint64_t k;
  std::memcpy(&k, k8.data(), 8);
  std::size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    std::uint64_t v;
    std::memcpy(&v, data + i, 8);
    v ^= k;
    std::memcpy(data + i, &v, 8);
  }
  for (; i < n; ++i) data[i] = static_cast<char>(data[i] ^ k8[i % 8]);
}

char* encode_header(char* out, opcode op, std::uint64_t length) {
  *out++ = static_cast<char>(0x80 | static_cast<std::uint8_t>(op));
  if (length < 126) {
    *out++ = static_cast<char>(length);
  } else if (length <= 0xFFFF) {
    *out++ = 126;
    *out++ = static_cast<char>(length >> 8);
    *out++ = static_cast<char>(length & 0xFF);
  } else {
    *out++ = 127;
    for (int shift = 56; shift >= 0; shift -= 8)
      *out++ = static_cast<char>((length >> shift) & 0xFF);
  }
  return out;
}

bool is_valid_utf8(std::string_view text) {
  const auto* p = reinterpret_cast<const std::uint8_t*>(text.data());
  const auto* end = p + text.size();
  while (p < end) {
    // ASCII runs eight bytes at a time (the common case for Engine.IO text).
    if (end - p >= 8) {
      std::uint64_t v;
      std::memcpy(&v, p, 8);
      if ((v & 0x8080808080808080ULL) == 0) {
        p += 8;
        continue;
      }
    }
    const std::uint8_t c = *p;
    if (c < 0x80) {
      ++p;
      continue;
    }
    std::size_t n;
    std::uint32_t cp;
    if (c >= 0xC2 && c <= 0xDF) {
      n = 1, cp = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
      n = 2, cp = c & 0x0F;
    } else if (c >= 0xF0 && c <= 0xF4) {
      n = 3, cp = c & 0x07;
    } else {
      return false;  // a continuation byte, an overlong lead (C0, C1) or F5..FF
    }
    if (static_cast<std::size_t>(end - p) <= n) return false;
    for (std::size_t i = 1; i <= n; ++i) {
      if ((p[i] & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (p[i] & 0x3F);
    }
    if ((n == 2 && cp < 0x800) || (n == 3 && (cp < 0x10000 || cp > 0x10FFFF)) ||
        (cp >= 0xD800 && cp <= 0xDFFF))
      return false;
    p += n + 1;
  }
  return true;
}

bool is_valid_close_payload(std::string_view payload) {
  if (payload.empty()) return true;
  if (payload.size() == 1) return false;
  const unsigned code = (static_cast<unsigned>(static_cast<std::uint8_t>(payload[0])) << 8) |
                        static_cast<std::uint8_t>(payload[1]);
  // Codes a peer may send: 1000-1003, 1007-1011, 3000-4999 (1004-1006, 1015: never on the wire).
  const bool allowed = (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1011) ||
                       (code >= 3000 && code <= 4999);
  return allowed && is_valid_utf8(payload.substr(2));
}

}  // namespace parley::engineio::ws
