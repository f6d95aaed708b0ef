// libFuzzer target for the Engine.IO decoders: long-polling payloads (with base64 binary
// records), single text packets and request query strings. Checks that decoding never reads
// out of bounds, and that what decodes re-encodes to the same bytes.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "engineio/base64.hpp"
#include "engineio/packet.hpp"
#include "engineio/payload.hpp"
#include "engineio/query.hpp"

using namespace parley::engineio;

namespace {

void check(bool ok) {
  if (!ok) std::abort();
}

out_packet to_out(const packet& p) {
  out_packet o;
  o.type = p.type;
  o.binary = p.binary;
  o.own = std::string(p.data);
  return o;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);

  // A payload that decodes completely re-encodes to itself, except that base64 text may be
  // spelled differently only if it decoded (it cannot: padding and trailing bits are strict).
  std::vector<out_packet> packets;
  payload_reader reader(input);
  while (auto p = reader.next()) packets.push_back(to_out(*p));
  if (!reader.failed()) check(encode_payload(packets) == input);

  if (auto p = decode_text_packet(input)) {
    check(p->data.size() + 1 == input.size());
    std::string again;
    append_polling_encoding(again, to_out(*p));
    check(again == input);
  }

  std::string bytes;
  if (base64::decode(input, bytes)) {
    std::string text;
    base64::encode_append(text, bytes);
    check(text == input);
  }

  const auto q = parse_query(input);
  check(q.eio.size() <= size && q.transport.size() <= size && q.sid.size() <= size);
  return 0;
}
