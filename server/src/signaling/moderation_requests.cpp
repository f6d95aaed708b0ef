#include "signaling/moderation_requests.hpp"

#include <algorithm>
#include <boost/json/object.hpp>
#include <initializer_list>

namespace parley::signaling {

namespace json = boost::json;

namespace {

const json::object* first_object(const socketio::payload& p) {
  if (!p.binary.empty() || p.args.empty()) return nullptr;
  return p.args[0].if_object();
}

/// A non-empty string field of at most `max` bytes.
bool string_field(const json::object& o, std::string_view key, std::size_t max, std::string& out) {
  const json::value* v = o.if_contains(key);
  if (!v || !v->is_string() || v->get_string().empty() || v->get_string().size() > max)
    return false;
  out = v->get_string();
  return true;
}

/// A string field equal to one of `allowed`.
bool one_of(const json::object& o, std::string_view key,
            std::initializer_list<std::string_view> allowed, std::string& out) {
  const json::value* v = o.if_contains(key);
  if (!v || !v->is_string()) return false;
  std::string_view s = v->get_string();
  if (std::find(allowed.begin(), allowed.end(), s) == allowed.end()) return false;
  out = s;
  return true;
}

bool bool_field(const json::object& o, std::string_view key, bool& out) {
  const json::value* v = o.if_contains(key);
  if (!v || !v->is_bool()) return false;
  out = v->get_bool();
  return true;
}

}  // namespace

std::optional<moderation_request> parse_moderation(moderation_op op, const socketio::payload& p,
                                                   const limits& lim) {
  moderation_request r;
  r.op = op;
  if (op == moderation_op::admit_all) {
    if (!p.binary.empty()) return std::nullopt;
    return r;
  }
  const json::object* o = first_object(p);
  if (!o) return std::nullopt;
  const auto n = lim.max_field_bytes;
  bool ok = false;
  switch (op) {
    case moderation_op::mute:
    case moderation_op::ask_unmute:
      ok = string_field(*o, "targetSocket", n, r.target) &&
           one_of(*o, "kind", {"audio", "video"}, r.kind);
      break;
    case moderation_op::mute_all:
      ok = one_of(*o, "kind", {"audio", "video"}, r.kind);
      break;
    case moderation_op::remove:
      ok = string_field(*o, "targetSocket", n, r.target);
      break;
    case moderation_op::set_role:
      ok = string_field(*o, "targetSocket", n, r.target) &&
           one_of(*o, "role", {"cohost", "participant"}, r.kind);
      break;
    case moderation_op::lock:
      ok = bool_field(*o, "locked", r.on);
      break;
    case moderation_op::set_lobby:
      ok = bool_field(*o, "enabled", r.on);
      break;
    case moderation_op::admit:
    case moderation_op::deny:
      ok = string_field(*o, "userId", n, r.target);
      break;
    case moderation_op::admit_all:
      break;
  }
  if (!ok) return std::nullopt;
  return r;
}

std::optional<std::string> parse_reaction(const socketio::payload& p) {
  const json::object* o = first_object(p);
  if (!o) return std::nullopt;
  const json::value* v = o->if_contains("emoji");
  if (!v || !v->is_string()) return std::nullopt;
  std::string_view e = v->get_string();
  if (std::find(reaction_emoji.begin(), reaction_emoji.end(), e) == reaction_emoji.end())
    return std::nullopt;
  return std::string(e);
}

}  // namespace parley::signaling
