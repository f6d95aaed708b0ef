// Parsing and validating client event payloads (docs/signaling.md). Every parse_* returns
// nullopt for anything the contract calls invalid_payload: a missing or wrong-typed field,
// binary attachments, or a value over its size limit. Unknown fields are ignored. Pure
// functions: no I/O, callable from any thread.
#pragma once

#include <boost/json/value.hpp>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "signaling/limits.hpp"
#include "socketio/payload.hpp"

namespace parley::signaling {

struct join_request {
  std::string room;
  std::optional<std::string> user_id;
  std::optional<std::string> password;
  bool audio = true;
  bool video = true;
};

/// offer / answer / ice-candidate: which field carries the body and how large it may be.
enum class relay_type { offer, answer, ice_candidate };
std::string_view event_name(relay_type t);  ///< "offer", "answer", "ice-candidate"
std::string_view body_field(relay_type t);  ///< "offer", "answer", "candidate"
/// What a relay's body may be: a string of at most `max` bytes, or an object whose `inner`
/// field is one ("sdp" in an offer or answer, "candidate" in an ice-candidate; max_sdp_bytes
/// or max_candidate_bytes), with at most max_relay_extra_bytes of other fields beside it.
struct body_rule {
  std::string_view inner;
  std::size_t max;
};
body_rule body_rule_of(relay_type t, const limits& lim);

/// Points into the payload it was parsed from (no copies on the relay path).
struct relay_request {
  std::string_view target;
  boost::json::value* body = nullptr;
};

struct media_request {
  bool audio = true;
  bool video = true;
  bool screen = false;
};

std::optional<join_request> parse_join(const socketio::payload& p, const limits& lim);
std::optional<relay_request> parse_relay(socketio::payload& p, relay_type t, const limits& lim);
/// The chat text: 1..max_chat_code_points code points, not only white space.
std::optional<std::string> parse_chat(const socketio::payload& p, const limits& lim);
std::optional<media_request> parse_media_state(const socketio::payload& p);
/// The `raised` flag of raise-hand.
std::optional<bool> parse_raise_hand(const socketio::payload& p);

/// Code points in a UTF-8 string (the JSON parser has already rejected invalid UTF-8).
std::size_t code_points(std::string_view utf8);
/// An upper bound on `v`'s encoded size, counting until `limit` is exceeded (then returns
/// something > limit). Strings count their bytes, keys too, scalars and brackets 8 each.
std::size_t weight(const boost::json::value& v, std::size_t limit);

}  // namespace parley::signaling
