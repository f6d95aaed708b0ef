// libFuzzer target for the WebSocket frame codec: walks the input as a stream of client
// frames the way the transport does. Checks that a decoded header never claims more bytes than
// it read, that the server's own encoding of the same length decodes to the same length (with
// a mask added), that unmasking twice restores the bytes, and that UTF-8 validation agrees with
// a plain code-point decoder.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "engineio/websocket_frame.hpp"

using namespace parley::engineio::ws;

namespace {

void check(bool ok) {
  if (!ok) std::abort();
}

/// Reference UTF-8 check: decode each code point by its length, then judge it.
bool reference_utf8(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<std::uint8_t>(s[i]);
    std::size_t n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    if (n == 0 || i + n > s.size()) return false;
    std::uint32_t cp = n == 1 ? c : c & (0x7F >> n);
    for (std::size_t k = 1; k < n; ++k) {
      const auto b = static_cast<std::uint8_t>(s[i + k]);
      if ((b >> 6) != 2) return false;
      cp = (cp << 6) | (b & 0x3F);
    }
    static constexpr std::uint32_t smallest[] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < smallest[n] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
    i += n;
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string input(reinterpret_cast<const char*>(data), size);
  check(is_valid_utf8(input) == reference_utf8(input));
  std::size_t at = 0;
  while (at < input.size()) {
    frame_header h;
    const std::string_view rest(input.data() + at, input.size() - at);
    if (decode_header(rest, h) != decode_result::ok) break;
    check(h.header_size >= 6 && h.header_size <= 14 && h.header_size <= rest.size());
    char encoded[max_header_size + 4];
    char* end = encode_header(encoded, h.op, h.length);
    encoded[1] = static_cast<char>(encoded[1] | 0x80);  // as a client would send it
    for (int i = 0; i < 4; ++i) *end++ = 0;
    frame_header again;
    const std::string_view enc(encoded, static_cast<std::size_t>(end - encoded));
    check(decode_header(enc, again) == decode_result::ok && again.length == h.length &&
          again.op == h.op);
    if (rest.size() - h.header_size < h.length) break;
    char* payload = input.data() + at + h.header_size;
    const std::string original(payload, h.length);
    unmask(payload, h.length, h.key);
    const std::string_view text(payload, h.length);
    check(is_valid_utf8(text) == reference_utf8(text));
    if (h.op == opcode::close) (void)is_valid_close_payload(text);
    unmask(payload, h.length, h.key);
    check(std::string_view(payload, h.length) == original);
    at += h.header_size + h.length;
  }
  return 0;
}
