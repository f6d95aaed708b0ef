#include "sfu/messages.hpp"

#include <openssl/rand.h>

#include <boost/json/parse.hpp>
#include <stdexcept>

namespace parley::sfu {

namespace {

void random_bytes(unsigned char* out, std::size_t n) {
  if (RAND_bytes(out, static_cast<int>(n)) != 1) throw std::runtime_error("RAND_bytes failed");
}

constexpr std::string_view plugin = "janus.plugin.videoroom";

/// A candidate as Janus takes it: null (the end) is `{completed: true}`.
json::value trickled(const json::value& candidate) {
  return candidate.is_null() ? json::value(json::object{{"completed", true}}) : candidate;
}

}  // namespace

std::uint64_t random_id() {
  std::uint64_t v = 0;
  random_bytes(reinterpret_cast<unsigned char*>(&v), sizeof v);
  v &= (std::uint64_t{1} << 53) - 1;
  return v ? v : 1;
}

std::string random_hex(std::size_t bytes) {
  static constexpr char digits[] = "0123456789abcdef";
  std::string raw(bytes, '\0');
  random_bytes(reinterpret_cast<unsigned char*>(raw.data()), bytes);
  std::string out;
  out.reserve(bytes * 2);
  for (unsigned char c : raw) {
    out.push_back(digits[c >> 4]);
    out.push_back(digits[c & 15]);
  }
  return out;
}

json::object create_session() {
  return {{"janus", "create"}};
}

json::object attach_videoroom() {
  return {{"janus", "attach"}, {"plugin", plugin}};
}

json::object keepalive() {
  return {{"janus", "keepalive"}};
}

json::object detach(std::uint64_t handle) {
  return {{"janus", "detach"}, {"handle_id", handle}};
}

json::object message(std::uint64_t handle, json::object body, json::object jsep) {
  json::object m{{"janus", "message"}, {"handle_id", handle}, {"body", std::move(body)}};
  if (!jsep.empty()) m["jsep"] = std::move(jsep);
  return m;
}

json::object trickle(std::uint64_t handle, const json::value& candidate) {
  return {{"janus", "trickle"}, {"handle_id", handle}, {"candidate", trickled(candidate)}};
}

json::object trickle(std::uint64_t handle, const std::vector<json::value>& candidates) {
  if (candidates.size() == 1) return trickle(handle, candidates.front());
  json::array list;
  list.reserve(candidates.size());
  for (const auto& c : candidates) list.push_back(trickled(c));
  return {{"janus", "trickle"}, {"handle_id", handle}, {"candidates", std::move(list)}};
}

json::object jsep(std::string_view type, std::string_view sdp) {
  return {{"type", type}, {"sdp", sdp}};
}

json::object room_create(std::uint64_t room, std::string_view secret, std::string_view admin_key) {
  return {{"request", "create"},    {"room", room},         {"secret", secret},
          {"admin_key", admin_key}, {"is_private", true},   {"publishers", 100},
          {"videocodec", "vp8"},    {"audiocodec", "opus"}, {"notify_joining", false}};
}

json::object room_destroy(std::uint64_t room, std::string_view secret) {
  return {{"request", "destroy"}, {"room", room}, {"secret", secret}};
}

json::object room_list(std::string_view admin_key) {
  return {{"request", "list"}, {"admin_key", admin_key}};
}

json::object publish(std::uint64_t room, std::uint64_t feed, std::string_view display) {
  return {{"request", "joinandconfigure"},
          {"room", room},
          {"ptype", "publisher"},
          {"id", feed},
          {"display", display}};
}

json::object republish() {
  return {{"request", "configure"}};
}

json::object subscribe(std::uint64_t room, std::uint64_t feed, int substream) {
  json::object stream{{"feed", feed}};
  if (substream >= 0) stream["substream"] = substream;
  return {{"request", "join"},
          {"room", room},
          {"ptype", "subscriber"},
          {"streams", json::array{std::move(stream)}}};
}

json::object start() {
  return {{"request", "start"}};
}

json::object substream(std::string_view mid, int layer) {
  return {{"request", "configure"},
          {"streams", json::array{json::object{{"mid", mid}, {"substream", layer}}}}};
}

namespace {

std::string_view string_at(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  return v && v->is_string() ? std::string_view(v->get_string()) : std::string_view{};
}

std::uint64_t id_at(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  if (!v) return 0;
  if (v->is_uint64()) return v->get_uint64();
  if (v->is_int64() && v->get_int64() > 0) return static_cast<std::uint64_t>(v->get_int64());
  return 0;
}

enum kind kind_of(std::string_view janus) {
  if (janus == "ack") return kind::ack;
  if (janus == "success") return kind::success;
  if (janus == "error") return kind::error;
  if (janus == "event") return kind::event;
  if (janus == "trickle") return kind::trickle;
  if (janus == "webrtcup") return kind::webrtcup;
  if (janus == "hangup") return kind::hangup;
  if (janus == "detached") return kind::detached;
  if (janus == "timeout") return kind::timeout;
  return janus.empty() ? kind::malformed : kind::other;
}

}  // namespace

reply parse(std::string_view text) {
  reply r;
  boost::system::error_code ec;
  json::value v = json::parse(text, ec);
  if (ec || !v.is_object()) return r;
  json::object& o = v.get_object();
  r.kind = kind_of(string_at(o, "janus"));
  r.transaction = string_at(o, "transaction");
  r.sender = id_at(o, "sender");
  if (auto* jsep = o.if_contains("jsep"); jsep && jsep->is_object()) r.jsep = jsep->get_object();
  if (auto* pd = o.if_contains("plugindata"); pd && pd->is_object()) {
    if (auto* d = pd->get_object().if_contains("data"); d && d->is_object())
      r.data = d->get_object();
    r.error = string_at(r.data, "error");
  } else if (auto* d = o.if_contains("data"); d && d->is_object()) {
    r.data = d->get_object();
  }
  if (r.kind == kind::error) {
    if (auto* e = o.if_contains("error"); e && e->is_object())
      r.error = string_at(e->get_object(), "reason");
    if (r.error.empty()) r.error = "Janus refused the request";
  }
  if (r.kind == kind::trickle) {
    if (auto* c = o.if_contains("candidate"); c && c->is_object()) {
      if (c->get_object().contains("completed"))
        r.candidate = nullptr;
      else
        r.candidate = *c;
    }
  }
  return r;
}

std::uint64_t new_id(const reply& r) {
  return r.kind == kind::success ? id_at(r.data, "id") : 0;
}

std::string video_mid(const json::object& data) {
  const json::value* streams = data.if_contains("streams");
  if (!streams || !streams->is_array()) return {};
  for (const auto& s : streams->get_array()) {
    if (!s.is_object()) continue;
    if (string_at(s.get_object(), "type") == "video")
      return std::string(string_at(s.get_object(), "mid"));
  }
  return {};
}

}  // namespace parley::sfu
