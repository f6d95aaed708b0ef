#include "socketio/packet.hpp"

#include <array>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <charconv>
#include <cmath>

namespace parley::socketio {
namespace {

constexpr std::array<std::string_view, 6> reserved_events = {
    "connect", "connect_error", "disconnect", "disconnecting", "newListener", "removeListener"};

// Digits in an ack id: max_ack_id has 16.
constexpr std::size_t max_ack_id_digits = 16;

bool is_binary_type(packet_type t) {
  return t == packet_type::binary_event || t == packet_type::binary_ack;
}

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

// Reads a run of at most `max_digits` digits at s[i]; advances i.
std::optional<std::uint64_t> read_number(std::string_view s, std::size_t& i,
                                         std::size_t max_digits) {
  std::size_t start = i;
  while (i < s.size() && is_digit(s[i])) ++i;
  if (i == start || i - start > max_digits) return std::nullopt;
  std::uint64_t v = 0;
  std::from_chars(s.data() + start, s.data() + i, v);
  return v;
}

bool valid_event_name(const json::value& v) {
  if (v.is_number()) return true;
  if (!v.is_string()) return false;
  return !reserved_event(v.get_string());
}

bool valid_payload(const packet& p) {
  const json::value& d = p.data;
  switch (p.type) {
    case packet_type::connect:
      return d.is_null() || d.is_object();
    case packet_type::disconnect:
      return d.is_null();
    case packet_type::connect_error:
      return d.is_string() || d.is_object();
    case packet_type::event:
    case packet_type::binary_event:
      return d.is_array() && !d.get_array().empty() && valid_event_name(d.get_array()[0]);
    case packet_type::ack:
    case packet_type::binary_ack:
      return d.is_array();
  }
  return false;
}

bool valid_id(const packet& p) {
  bool ack = p.type == packet_type::ack || p.type == packet_type::binary_ack;
  bool may_have = ack || p.type == packet_type::event || p.type == packet_type::binary_event;
  return ack ? p.id.has_value() : (may_have || !p.id);
}

// Boost.JSON reads an out-of-range literal (1e999) as infinity and would write it back as
// "Infinity", which is not JSON: relayed to another client, it would break that client's
// decoder. Such a number is refused like any malformed payload.
bool all_numbers_finite(const json::value& v) {
  switch (v.kind()) {
    case json::kind::double_:
      return std::isfinite(v.get_double());
    case json::kind::array:
      for (const auto& e : v.get_array())
        if (!all_numbers_finite(e)) return false;
      return true;
    case json::kind::object:
      for (const auto& kv : v.get_object())
        if (!all_numbers_finite(kv.value())) return false;
      return true;
    default:
      return true;
  }
}

// Every {"_placeholder":true,...} must reference an attachment that will follow.
bool valid_placeholders(const json::value& v, std::size_t count) {
  if (v.is_array()) {
    for (const auto& e : v.get_array()) {
      if (!valid_placeholders(e, count)) return false;
    }
  } else if (v.is_object()) {
    const auto& o = v.get_object();
    if (const auto* flag = o.if_contains("_placeholder");
        flag && flag->is_bool() && flag->get_bool()) {
      const auto* num = o.if_contains("num");
      return num && num->is_int64() && num->get_int64() >= 0 &&
             static_cast<std::uint64_t>(num->get_int64()) < count;
    }
    for (const auto& kv : o) {
      if (!valid_placeholders(kv.value(), count)) return false;
    }
  }
  return true;
}

}  // namespace

bool reserved_event(std::string_view name) {
  for (auto r : reserved_events) {
    if (name == r) return true;
  }
  return false;
}

std::string encode_text(const packet& p) {
  packet_type type = p.type;
  if (!p.attachments.empty() && type == packet_type::event) type = packet_type::binary_event;
  if (!p.attachments.empty() && type == packet_type::ack) type = packet_type::binary_ack;

  std::string out;
  out += static_cast<char>('0' + static_cast<int>(type));
  if (is_binary_type(type)) {
    out += std::to_string(p.attachments.size());
    out += '-';
  }
  if (!p.nsp.empty() && p.nsp != "/") {
    out += p.nsp;
    out += ',';
  }
  if (p.id) out += std::to_string(*p.id);
  if (!p.data.is_null()) out += json::serialize(p.data);
  return out;
}

packet event_packet(std::string_view nsp, std::string_view event, payload args,
                    std::optional<std::uint64_t> id) {
  packet p;
  p.nsp.assign(nsp);
  p.id = id;
  json::array data;
  data.reserve(args.args.size() + 1);
  data.emplace_back(event);
  for (auto& v : args.args) data.push_back(std::move(v));
  p.data = std::move(data);
  p.attachments = std::move(args.binary);
  return p;
}

std::vector<engineio::message> encode(packet p) {
  std::vector<engineio::message> out;
  out.reserve(1 + p.attachments.size());
  out.push_back(engineio::text_message(encode_text(p)));
  for (auto& a : p.attachments) out.push_back(engineio::binary_message(std::move(a)));
  return out;
}

result<packet_header> parse_header(std::string_view s, std::size_t max_attachments) {
  if (s.empty() || s[0] < '0' || s[0] > '6') return errc::unknown_type;
  packet_header h;
  h.type = static_cast<packet_type>(s[0] - '0');
  std::size_t i = 1;

  if (is_binary_type(h.type)) {
    auto n = read_number(s, i, 6);
    if (!n || i >= s.size() || s[i] != '-') return errc::bad_attachments;
    if (*n > max_attachments) return errc::too_many_attachments;
    h.attachments = static_cast<std::size_t>(*n);
    ++i;
  }
  if (i < s.size() && s[i] == '/') {
    // As socket.io-parser: the namespace runs to the first ',' or to the end.
    std::size_t comma = s.find(',', i);
    std::size_t end = comma == std::string_view::npos ? s.size() : comma;
    h.nsp = s.substr(i, end - i);
    i = comma == std::string_view::npos ? s.size() : comma + 1;
  }
  if (i < s.size() && is_digit(s[i])) {
    auto id = read_number(s, i, max_ack_id_digits);
    if (!id || *id > max_ack_id) return errc::bad_ack_id;
    h.id = *id;
  }
  h.payload = i;
  return h;
}

result<packet> parse_text(std::string_view s, std::size_t max_attachments,
                          std::size_t& expected_attachments) {
  expected_attachments = 0;
  auto h = parse_header(s, max_attachments);
  if (!h) return h.error();
  packet p;
  p.type = h->type;
  p.nsp.assign(h->nsp);
  p.id = h->id;
  expected_attachments = h->attachments;
  const std::size_t i = h->payload;
  if (i < s.size()) {
    boost::system::error_code ec;
    json::parse_options opts;
    opts.max_depth = max_json_depth;
    p.data = json::parse(s.substr(i), ec, {}, opts);
    if (ec || !all_numbers_finite(p.data)) return errc::bad_json;
  }
  if (!valid_id(p)) return errc::bad_ack_id;
  if (!valid_payload(p)) return errc::invalid_payload;
  if (is_binary_type(p.type) && !valid_placeholders(p.data, expected_attachments)) {
    return errc::bad_attachments;
  }
  return p;
}

}  // namespace parley::socketio
