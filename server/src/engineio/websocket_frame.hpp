// RFC 6455 framing, server side: decoding the masked frames a client sends, encoding the
// unmasked frames the server sends, and the checks a message must pass (UTF-8 text, close
// payloads). Pure functions over caller-owned bytes: no I/O, no allocation.
//
//   0      1      2..       +4 masking key      payload
//   FIN|RSV|op  M|len7 [len16|len64]  [key]          [len bytes, XORed with key]
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace parley::engineio::ws {

enum class opcode : std::uint8_t {
  continuation = 0x0,
  text = 0x1,
  binary = 0x2,
  close = 0x8,
  ping = 0x9,
  pong = 0xA,
};

inline bool is_control(opcode op) {
  return (static_cast<std::uint8_t>(op) & 0x8) != 0;
}

/// Close codes the server sends (RFC 6455 section 7.4.1).
enum class close_code : std::uint16_t {
  normal = 1000,
  going_away = 1001,
  protocol_error = 1002,
  invalid_payload = 1007,  ///< text that is not UTF-8
  too_big = 1009,
};

struct frame_header {
  bool fin = false;
  opcode op = opcode::continuation;
  std::uint64_t length = 0;  ///< payload bytes
  std::array<std::uint8_t, 4> key{};
  std::size_t header_size = 0;  ///< bytes before the payload (2..14)
};

enum class decode_result {
  ok,
  need_more,      ///< the header is not complete yet
  reserved_bits,  ///< RSV1-3 set: no extension was negotiated
  unmasked,       ///< clients must mask every frame
  bad_opcode,     ///< 0x3-0x7, 0xB-0xF
  bad_control,    ///< a control frame fragmented or over 125 bytes
  bad_length,     ///< a 64-bit length with the top bit set, or a non-minimal length
};

/// Decodes the header at the front of `in` (a client frame).
decode_result decode_header(std::string_view in, frame_header& h);

/// XORs `n` bytes at `data` with `key`, as if they started `offset` bytes into the payload.
void unmask(char* data, std::size_t n, const std::array<std::uint8_t, 4>& key,
            std::size_t offset = 0);

/// Largest header encode_header() writes.
inline constexpr std::size_t max_header_size = 10;

/// Writes the header of an unfragmented, unmasked frame carrying `length` bytes; returns the
/// end of what it wrote (at most max_header_size bytes).
char* encode_header(char* out, opcode op, std::uint64_t length);

/// True when `text` is well-formed UTF-8 (no overlongs, surrogates or code points > U+10FFFF).
bool is_valid_utf8(std::string_view text);

/// A close frame's payload: empty, or a code the sender may use followed by a UTF-8 reason.
bool is_valid_close_payload(std::string_view payload);

}  // namespace parley::engineio::ws
