#include "signaling/cluster_message.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

namespace parley::signaling {
namespace json = boost::json;

namespace {

/// Ids, names and event names are short; anything longer is not ours.
constexpr std::size_t max_field = 256;

bool str(const json::object& o, std::string_view k, std::string& out) {
  const auto* v = o.if_contains(k);
  if (!v || !v->is_string() || v->get_string().size() > max_field) return false;
  out = std::string(v->get_string());
  return true;
}

bool boolean(const json::object& o, std::string_view k, bool& out) {
  const auto* v = o.if_contains(k);
  if (!v || !v->is_bool()) return false;
  out = v->get_bool();
  return true;
}

bool seq_of(const json::object& o, long long& out) {
  const auto* v = o.if_contains("seq");
  if (!v || !v->is_int64() || v->get_int64() <= 0) return false;
  out = v->get_int64();
  return true;
}

/// The patch of an update: only the four flags, each a boolean, at least one.
bool valid_patch(const json::value& v) {
  if (!v.is_object() || v.get_object().empty()) return false;
  for (const auto& [k, val] : v.get_object()) {
    if (k != "audio" && k != "video" && k != "screen" && k != "raised") return false;
    if (!val.is_bool()) return false;
  }
  return true;
}

bool one_of(std::string_view s, std::initializer_list<std::string_view> allowed) {
  for (auto a : allowed)
    if (s == a) return true;
  return false;
}

/// An array of at most max_listed short strings.
bool strings(const json::object& o, std::string_view k, std::vector<std::string>& out) {
  const auto* v = o.if_contains(k);
  if (!v || !v->is_array() || v->get_array().size() > max_listed) return false;
  for (const auto& e : v->get_array()) {
    if (!e.is_string() || e.get_string().size() > max_field) return false;
    out.emplace_back(e.get_string());
  }
  return true;
}

/// by = {socketId, userId, username}: who moderated.
bool by_of(const json::object& o, participant& by) {
  const auto* v = o.if_contains("by");
  if (!v || !v->is_object()) return false;
  const auto& b = v->get_object();
  return str(b, "socketId", by.socket_id) && str(b, "userId", by.user_id) &&
         str(b, "username", by.username);
}

bool entries(const json::value& v, std::vector<cluster_entry_of>& out) {
  if (!v.is_array() || v.get_array().size() > max_listed) return false;
  for (const auto& e : v.get_array()) {
    cluster_entry_of x;
    if (!parse_cluster_entry(e, x.who, x.process)) return false;
    out.push_back(std::move(x));
  }
  return true;
}

bool parse_moderation_fields(const json::object& o, cluster_message& m, const std::string& t) {
  using k = cluster_message::kind;
  if (t == "wait") {
    m.type = k::wait;
    const auto* p = o.if_contains("p");
    return seq_of(o, m.seq) && p && parse_cluster_entry(*p, m.who, m.process);
  }
  if (t == "resolve") {
    m.type = k::resolve;
    const auto* w = o.if_contains("waiting");
    return seq_of(o, m.seq) && str(o, "outcome", m.choice) &&
           one_of(m.choice, {"admitted", "denied", "left"}) && w && entries(*w, m.waiting) &&
           !m.waiting.empty();
  }
  if (t == "mute") {
    m.type = k::mute;
    return seq_of(o, m.seq) && str(o, "kind", m.choice) && one_of(m.choice, {"audio", "video"}) &&
           by_of(o, m.by) && strings(o, "sockets", m.sockets) && !m.sockets.empty();
  }
  if (t == "ban") {
    m.type = k::ban;
    return seq_of(o, m.seq) && str(o, "userId", m.user_id) && !m.user_id.empty() &&
           by_of(o, m.by) && strings(o, "sockets", m.sockets);
  }
  if (t == "role") {
    m.type = k::role;
    return seq_of(o, m.seq) && str(o, "userId", m.user_id) && !m.user_id.empty() &&
           str(o, "role", m.choice) && one_of(m.choice, {"cohost", "participant"});
  }
  if (t == "settings") {
    m.type = k::settings;
    return seq_of(o, m.seq) && boolean(o, "locked", m.locked) && boolean(o, "lobby", m.lobby);
  }
  if (t == "ask") {
    m.type = k::ask;
    return str(o, "m", m.meeting_id) && str(o, "to", m.socket_id) && str(o, "kind", m.choice) &&
           one_of(m.choice, {"audio", "video"}) && by_of(o, m.by);
  }
  return false;
}

bool parse_fields(const json::object& o, cluster_message& m) {
  using k = cluster_message::kind;
  std::string t;
  if (!str(o, "t", t)) return false;
  if (t == "join") {
    m.type = k::join;
    const auto* p = o.if_contains("p");
    return seq_of(o, m.seq) && p && parse_cluster_entry(*p, m.who, m.process);
  }
  if (t == "leave") {
    m.type = k::leave;
    return seq_of(o, m.seq) && str(o, "socketId", m.socket_id) && str(o, "userId", m.user_id) &&
           str(o, "reason", m.reason);
  }
  if (t == "update") {
    m.type = k::update;
    const auto* p = o.if_contains("patch");
    if (!seq_of(o, m.seq) || !str(o, "socketId", m.socket_id) || !p || !valid_patch(*p) ||
        !str(o, "event", m.event) || !one_of(m.event, {"media-state", "raise-hand"}))
      return false;
    m.patch = p->get_object();
    return true;
  }
  if (t == "emit") {
    m.type = k::emit;
    const auto* b = o.if_contains("body");
    if (!str(o, "event", m.event) || !one_of(m.event, {"chat-message", "reaction"}) || !b ||
        !b->is_object())
      return false;
    m.body = b->get_object();
    return true;
  }
  if (t == "end") {
    m.type = k::end;
    return true;
  }
  if (t == "revoke") {
    m.type = k::revoke;
    return str(o, "session", m.session_id) && !m.session_id.empty();
  }
  if (t == "relay") {
    m.type = k::relay;
    const auto* a = o.if_contains("arg");
    if (!str(o, "m", m.meeting_id) || !str(o, "to", m.socket_id) || !str(o, "event", m.event) ||
        !one_of(m.event, {"offer", "answer", "ice-candidate"}) || !a || !a->is_object())
      return false;
    m.body = a->get_object();
    return true;
  }
  return parse_moderation_fields(o, m, t);
}

}  // namespace

std::optional<cluster_message> parse_cluster_message(std::string_view payload) {
  boost::system::error_code ec;
  json::value v = json::parse(payload, ec);
  if (ec || !v.is_object()) return std::nullopt;
  cluster_message m;
  if (!parse_fields(v.get_object(), m)) return std::nullopt;
  return m;
}

std::string cluster_entry(const participant& p, const std::string& process) {
  json::object o = p.to_json();
  o["proc"] = process;
  return json::serialize(o);
}

bool parse_cluster_entry(const json::value& v, participant& p, std::string& process) {
  if (!v.is_object()) return false;
  const auto& o = v.get_object();
  return str(o, "socketId", p.socket_id) && str(o, "userId", p.user_id) &&
         str(o, "username", p.username) && boolean(o, "audio", p.audio) &&
         boolean(o, "video", p.video) && boolean(o, "screen", p.screen) &&
         boolean(o, "raised", p.raised) && str(o, "role", p.role) && str(o, "proc", process) &&
         one_of(p.role, {"host", "cohost", "participant"});
}

bool parse_cluster_moderation(std::string_view text, std::string& host,
                              store::moderation_record& m) {
  boost::system::error_code ec;
  json::value v = json::parse(text, ec);
  if (ec || !v.is_object()) return false;
  const auto& o = v.get_object();
  return str(o, "host", host) && boolean(o, "locked", m.locked) && boolean(o, "lobby", m.lobby) &&
         strings(o, "cohosts", m.cohosts) && strings(o, "bans", m.banned);
}

std::string cluster_moderation(const std::string& host, const store::moderation_record& m) {
  json::array cohosts(m.cohosts.begin(), m.cohosts.end());
  json::array bans(m.banned.begin(), m.banned.end());
  return json::serialize(json::object{{"host", host},
                                      {"locked", m.locked},
                                      {"lobby", m.lobby},
                                      {"cohosts", std::move(cohosts)},
                                      {"bans", std::move(bans)}});
}

bool parse_cluster_lobby(std::string_view text, std::vector<cluster_entry_of>& out) {
  boost::system::error_code ec;
  json::value v = json::parse(text, ec);
  return !ec && entries(v, out);
}

}  // namespace parley::signaling
