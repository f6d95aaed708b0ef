// libFuzzer target for the relay fast path (socketio::scan, signaling::scan_relay). The first
// byte picks offer / answer / ice-candidate, the rest is an EVENT payload `["name",...]`.
// Differential: scan() must accept exactly what the DOM decoder (parse_text) accepts, and
// scan_relay must reach parse_relay's verdict (but for duplicate keys' bulk), target and body; the
// packet a relay would send must parse with the server's fromSocket/fromUserId and nothing else
// beside the body.
#include <boost/json/parse.hpp>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "signaling/relay_scan.hpp"
#include "socketio/packet.hpp"

using namespace parley;
namespace json = boost::json;

namespace {

void check(bool ok) {
  if (!ok) std::abort();
}

// parse_text("2" + payload), except that a reserved event name (which scan() does not check:
// the client never hands one to a raw handler) counts as accepted.
bool dom_accepts(std::string_view payload, socketio::packet& out) {
  std::size_t expected = 0;
  auto p = socketio::parse_text("2" + std::string(payload), 0, expected);
  if (p) {
    out = std::move(*p);
    return true;
  }
  if (p.error() != socketio::errc::invalid_payload) return false;
  boost::system::error_code ec;
  json::parse_options opts;
  opts.max_depth = socketio::max_json_depth;
  json::value v = json::parse(payload, ec, {}, opts);
  const json::array* a = ec ? nullptr : v.if_array();
  return a && !a->empty() && a->front().is_string() &&
         socketio::reserved_event(a->front().get_string());
}

// scan_relay counts a body's duplicate keys as sent (relay_scan.hpp): with no bound on that
// bulk it must accept.
bool duplicates_weigh_more(std::string_view payload, signaling::relay_type t,
                           signaling::limits lim) {
  lim.max_relay_extra_bytes = std::size_t(-1) / 2;
  return signaling::scan_relay(payload, t, lim).what == signaling::relay_scan::verdict::ok;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const auto t = static_cast<signaling::relay_type>(data[0] % 3);
  const std::string_view payload(reinterpret_cast<const char*>(data) + 1, size - 1);
  // "2" + payload must read as a header with nothing after the type: no namespace, no ack id.
  if (!payload.empty() && (payload[0] == '/' || (payload[0] >= '0' && payload[0] <= '9'))) {
    return 0;
  }

  socketio::packet dom;
  const bool dom_ok = dom_accepts(payload, dom);
  check(static_cast<bool>(socketio::validate(payload)) == dom_ok);

  const signaling::limits lim;
  const signaling::relay_scan s = signaling::scan_relay(payload, t, lim);
  check(static_cast<bool>(s.valid) == dom_ok);
  if (!s.valid || s.what == signaling::relay_scan::verdict::unsupported) return 0;
  if (!dom.data.is_array()) return 0;  // a reserved name: never a relay

  json::array args = std::move(dom.data.get_array());
  args.erase(args.begin());
  socketio::payload p(std::move(args));
  auto r = signaling::parse_relay(p, t, lim);
  const bool fast_ok = s.what == signaling::relay_scan::verdict::ok;
  check(fast_ok || !r || duplicates_weigh_more(payload, t, lim));
  check(!fast_ok || r);
  if (!r || !fast_ok) return 0;
  check(s.request.target == r->target);
  check(json::parse(s.request.body) == *r->body);

  // The argument the target would receive, built as relay_handler.cpp builds it.
  const std::string arg = "{\"" + std::string(signaling::body_field(t)) +
                          "\":" + std::string(s.request.body) +
                          R"(,"fromSocket":"s","fromUserId":"u"})";
  const json::object out = json::parse(arg).as_object();
  check(out.size() == 3);
  check(out.at("fromSocket") == "s" && out.at("fromUserId") == "u");
  return 0;
}
