#include "signaling/sfu_requests.hpp"

#include "signaling/requests.hpp"

namespace parley::signaling {

namespace json = boost::json;

namespace {

bool id_field(const json::object& o, std::string_view key, std::string& out) {
  const json::value* v = o.if_contains(key);
  if (!v || !v->is_string() || v->get_string().empty() || v->get_string().size() > max_sfu_id_bytes)
    return false;
  out = v->get_string();
  return true;
}

/// A JSEP description {type: `type`, sdp}: the SDP within max_sdp_bytes, the rest within
/// max_relay_extra_bytes (as a relayed offer or answer).
bool description(const json::object& o, std::string_view key, std::string_view type,
                 const limits& lim, json::object& out) {
  const json::value* v = o.if_contains(key);
  const json::object* d = v ? v->if_object() : nullptr;
  if (!d) return false;
  const json::value* sdp = d->if_contains("sdp");
  const json::value* t = d->if_contains("type");
  if (!sdp || !sdp->is_string() || sdp->get_string().empty() ||
      sdp->get_string().size() > lim.max_sdp_bytes)
    return false;
  if (!t || !t->is_string() || t->get_string() != type) return false;
  out = {{"type", type}, {"sdp", sdp->get_string()}};
  return true;
}

/// A candidate as in ice-candidate: a string, or {candidate, sdpMid?, sdpMLineIndex?, ...} (the
/// rest within max_relay_extra_bytes); null, "" or none (`v` null) end the candidates.
bool candidate_value(const json::value* v, const limits& lim, json::value& out) {
  if (!v || v->is_null()) return out = nullptr, true;
  if (const json::string* s = v->if_string()) {
    if (s->size() > lim.max_candidate_bytes) return false;
    if (s->empty()) return out = nullptr, true;
    out = json::object{{"candidate", *s}, {"sdpMLineIndex", 0}};
    return true;
  }
  const json::object* c = v->if_object();
  if (!c) return false;
  const json::value* text = c->if_contains("candidate");
  if (!text || !text->is_string() || text->get_string().size() > lim.max_candidate_bytes)
    return false;
  if (text->get_string().empty()) return out = nullptr, true;
  json::object cand{{"candidate", text->get_string()}};
  std::size_t rest = 0;
  for (const auto& kv : *c) {
    if (kv.key() == "candidate") continue;
    rest += kv.key().size() + weight(kv.value(), lim.max_relay_extra_bytes);
    if (rest > lim.max_relay_extra_bytes) return false;
  }
  if (const auto* mid = c->if_contains("sdpMid"); mid && mid->is_string()) cand["sdpMid"] = *mid;
  if (const auto* idx = c->if_contains("sdpMLineIndex"); idx && idx->is_number())
    cand["sdpMLineIndex"] = *idx;
  out = std::move(cand);
  return true;
}

/// `candidate` (one, as in ice-candidate), or `candidates`: 1 to max_sfu_candidates of them
/// (docs/signaling.md "Large meetings: the SFU"), never both.
bool candidates_field(const json::object& o, const limits& lim, std::vector<json::value>& out) {
  const json::value* many = o.if_contains("candidates");
  if (!many) {
    out.emplace_back();
    return candidate_value(o.if_contains("candidate"), lim, out.back());
  }
  const json::array* list = many->if_array();
  if (!list || list->empty() || list->size() > max_sfu_candidates || o.contains("candidate"))
    return false;
  out.resize(list->size());
  for (std::size_t i = 0; i < list->size(); ++i)
    if (!candidate_value(&(*list)[i], lim, out[i])) return false;
  return true;
}

/// `substream`: a simulcast layer, 0 (lowest) to 2.
bool substream_field(const json::object& o, int& out) {
  const json::value* s = o.if_contains("substream");
  if (!s || !s->is_int64() || s->get_int64() < 0 || s->get_int64() > 2) return false;
  out = static_cast<int>(s->get_int64());
  return true;
}

}  // namespace

std::optional<sfu_request> parse_sfu(const socketio::payload& p, sfu_op op, const limits& lim) {
  if (!p.binary.empty() || p.args.empty()) return std::nullopt;
  const json::object* o = p.args[0].if_object();
  if (!o) return std::nullopt;
  sfu_request r;
  r.op = op;
  switch (op) {
    case sfu_op::publish: {
      const json::value* k = o->if_contains("kind");
      if (!k || !k->is_string() || (k->get_string() != "camera" && k->get_string() != "screen"))
        return std::nullopt;
      r.kind = k->get_string();
      if (o->contains("pc") && !o->at("pc").is_null() && !id_field(*o, "pc", r.pc))
        return std::nullopt;
      if (!description(*o, "offer", "offer", lim, r.jsep)) return std::nullopt;
      break;
    }
    case sfu_op::subscribe:
      if (!id_field(*o, "feed", r.feed)) return std::nullopt;
      if (o->contains("substream") && !substream_field(*o, r.substream)) return std::nullopt;
      break;
    case sfu_op::answer:
      if (!id_field(*o, "pc", r.pc) || !description(*o, "answer", "answer", lim, r.jsep))
        return std::nullopt;
      break;
    case sfu_op::candidate:
      if (!id_field(*o, "pc", r.pc) || !candidates_field(*o, lim, r.candidates))
        return std::nullopt;
      break;
    case sfu_op::layer:
      if (!id_field(*o, "pc", r.pc) || !substream_field(*o, r.substream)) return std::nullopt;
      break;
    case sfu_op::unpublish:
    case sfu_op::unsubscribe:
      if (!id_field(*o, "pc", r.pc)) return std::nullopt;
      break;
  }
  return r;
}

}  // namespace parley::signaling
