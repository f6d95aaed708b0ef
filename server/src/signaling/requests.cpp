#include "signaling/requests.hpp"

#include <algorithm>
#include <boost/json/object.hpp>
#include <boost/json/string.hpp>

namespace parley::signaling {

namespace json = boost::json;

namespace {

/// The first argument as an object, if the payload is a text-only event with one.
const json::object* first_object(const socketio::payload& p) {
  if (!p.binary.empty() || p.args.empty()) return nullptr;
  return p.args[0].if_object();
}

/// Absent and null read as "not given"; any other non-string is a type error.
bool optional_string(const json::object& o, std::string_view key, std::size_t max,
                     std::optional<std::string>& out) {
  const json::value* v = o.if_contains(key);
  if (!v || v->is_null()) return true;
  const json::string* s = v->if_string();
  if (!s || s->size() > max) return false;
  out.emplace(*s);
  return true;
}

bool optional_bool(const json::object& o, std::string_view key, bool& out) {
  const json::value* v = o.if_contains(key);
  if (!v || v->is_null()) return true;
  if (!v->is_bool()) return false;
  out = v->get_bool();
  return true;
}

std::optional<bool> required_bool(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  if (!v || !v->is_bool()) return std::nullopt;
  return v->get_bool();
}

/// An SDP or candidate body as `rule` says, with at most `extra` bytes of other fields.
bool valid_body(const json::value& body, body_rule rule, std::size_t extra) {
  if (const json::string* s = body.if_string()) return s->size() <= rule.max;
  const json::object* o = body.if_object();
  if (!o) return false;
  const json::value* v = o->if_contains(rule.inner);
  if (!v || !v->is_string() || v->get_string().size() > rule.max) return false;
  std::size_t rest = 0;
  for (const auto& kv : *o) {
    if (kv.key() == rule.inner) continue;
    rest += kv.key().size() + weight(kv.value(), extra);
    if (rest > extra) return false;
  }
  return true;
}

}  // namespace

std::string_view event_name(relay_type t) {
  constexpr std::string_view names[] = {"offer", "answer", "ice-candidate"};
  return names[static_cast<int>(t)];
}

std::string_view body_field(relay_type t) {
  constexpr std::string_view fields[] = {"offer", "answer", "candidate"};
  return fields[static_cast<int>(t)];
}

body_rule body_rule_of(relay_type t, const limits& lim) {
  if (t == relay_type::ice_candidate) return {"candidate", lim.max_candidate_bytes};
  return {"sdp", lim.max_sdp_bytes};
}

std::optional<join_request> parse_join(const socketio::payload& p, const limits& lim) {
  const json::object* o = first_object(p);
  if (!o) return std::nullopt;
  const json::value* room = o->if_contains("room");
  if (!room || !room->is_string()) return std::nullopt;
  join_request r;
  r.room = room->get_string();
  if (!optional_string(*o, "userId", lim.max_field_bytes, r.user_id) ||
      !optional_string(*o, "password", lim.max_field_bytes, r.password) ||
      !optional_bool(*o, "audio", r.audio) || !optional_bool(*o, "video", r.video)) {
    return std::nullopt;
  }
  return r;
}

std::optional<relay_request> parse_relay(socketio::payload& p, relay_type t, const limits& lim) {
  if (!p.binary.empty() || p.args.empty()) return std::nullopt;
  json::object* o = p.args[0].if_object();
  if (!o) return std::nullopt;
  const json::value* target = o->if_contains("targetSocket");
  json::value* body = o->if_contains(body_field(t));
  if (!target || !target->is_string() || !body) return std::nullopt;
  if (!valid_body(*body, body_rule_of(t, lim), lim.max_relay_extra_bytes)) return std::nullopt;
  const json::string& s = target->get_string();
  return relay_request{std::string_view(s.data(), s.size()), body};
}

std::optional<std::string> parse_chat(const socketio::payload& p, const limits& lim) {
  const json::object* o = first_object(p);
  if (!o) return std::nullopt;
  const json::value* v = o->if_contains("text");
  if (!v || !v->is_string()) return std::nullopt;
  const json::string& s = v->get_string();
  // Bytes >= code points: a cheap reject before counting.
  if (s.empty() || s.size() > 4 * lim.max_chat_code_points) return std::nullopt;
  if (code_points(s) > lim.max_chat_code_points) return std::nullopt;
  const bool blank = std::all_of(s.begin(), s.end(), [](char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
  });
  if (blank) return std::nullopt;
  return std::string(s);
}

std::optional<media_request> parse_media_state(const socketio::payload& p) {
  const json::object* o = first_object(p);
  if (!o) return std::nullopt;
  auto audio = required_bool(*o, "audio");
  auto video = required_bool(*o, "video");
  auto screen = required_bool(*o, "screen");
  if (!audio || !video || !screen) return std::nullopt;
  return media_request{*audio, *video, *screen};
}

std::optional<bool> parse_raise_hand(const socketio::payload& p) {
  const json::object* o = first_object(p);
  return o ? required_bool(*o, "raised") : std::nullopt;
}

std::size_t code_points(std::string_view utf8) {
  return static_cast<std::size_t>(std::count_if(utf8.begin(), utf8.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  }));
}

std::size_t weight(const json::value& v, std::size_t limit) {
  if (const json::string* s = v.if_string()) return s->size() + 2;
  std::size_t w = 8;
  if (const json::object* o = v.if_object()) {
    for (const auto& kv : *o) {
      w += kv.key().size() + weight(kv.value(), limit);
      if (w > limit) return w;
    }
  } else if (const json::array* a = v.if_array()) {
    for (const auto& e : *a) {
      w += weight(e, limit);
      if (w > limit) return w;
    }
  }
  return w;
}

}  // namespace parley::signaling
