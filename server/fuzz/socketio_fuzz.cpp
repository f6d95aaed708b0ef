// libFuzzer target for the Socket.IO decoder. The input is a sequence of Engine.IO messages
// separated by 0x1E; a message whose first byte is 0x01 is binary (the rest are its bytes),
// otherwise it is text. Checks that decoding never misbehaves, that every packet it accepts
// re-encodes to text that parses back to the same packet, and that attachments arrive intact.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "socketio/decoder.hpp"
#include "socketio/packet.hpp"

using namespace parley::socketio;

namespace {

constexpr std::size_t max_attachments = 8;
constexpr std::size_t max_attachment_bytes = 4096;

void check(bool ok) {
  if (!ok) std::abort();
}

// Equal, except that doubles may differ in the last bits: Boost.JSON 1.81 does not round every
// long decimal literal exactly, so a re-parsed double can be one ulp off.
bool same(const boost::json::value& a, const boost::json::value& b) {
  if (a.is_double() && b.is_double()) {
    double x = a.get_double(), y = b.get_double();
    return x == y || std::fabs(x - y) <= 1e-12 * std::fmax(std::fabs(x), std::fabs(y));
  }
  if (a.kind() != b.kind()) return false;
  if (a.is_array()) {
    const auto &x = a.get_array(), &y = b.get_array();
    if (x.size() != y.size()) return false;
    for (std::size_t i = 0; i < x.size(); ++i) {
      if (!same(x[i], y[i])) return false;
    }
    return true;
  }
  if (a.is_object()) {
    const auto &x = a.get_object(), &y = b.get_object();
    if (x.size() != y.size()) return false;
    for (const auto& kv : x) {
      const auto* other = y.if_contains(kv.key());
      if (!other || !same(kv.value(), *other)) return false;
    }
    return true;
  }
  return a == b;
}

void check_round_trip(const packet& p) {
  std::string text = encode_text(p);
  std::size_t expected = 0;
  auto again = parse_text(text, max_attachments, expected);
  check(again.has_value());
  check(again->type == p.type || !p.attachments.empty());
  check(again->nsp == (p.nsp.empty() ? "/" : p.nsp));
  check(again->id == p.id);
  check(same(again->data, p.data));
  check(expected == p.attachments.size());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);

  // The whole input as one text packet.
  std::size_t expected = 0;
  if (auto p = parse_text(input, max_attachments, expected)) {
    check(expected <= max_attachments);
    p->attachments.assign(expected, std::string("x"));
    check_round_trip(*p);
  }

  // The input as a stream of messages.
  decoder d(max_attachments, max_attachment_bytes);
  std::size_t start = 0;
  while (start <= input.size()) {
    std::size_t end = input.find('\x1e', start);
    if (end == std::string_view::npos) end = input.size();
    std::string_view message = input.substr(start, end - start);
    bool binary = !message.empty() && message.front() == '\x01';
    if (binary) message.remove_prefix(1);
    auto r = d.feed(message, binary);
    if (r && r->has_value()) {
      const packet& p = **r;
      check(p.attachments.size() <= max_attachments);
      check_round_trip(p);
    }
    start = end + 1;
  }
  return 0;
}
