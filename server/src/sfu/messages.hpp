// The Janus API messages Parley sends and the replies and events it reads (Janus's core API
// over its WebSocket transport, and the VideoRoom plugin's requests; docs/signaling.md "Large
// meetings: the SFU"). Pure functions: no I/O, callable from any thread. The client
// (janus_client.hpp) adds `transaction`, `apisecret` and `session_id` to what these build.
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace parley::sfu {

namespace json = boost::json;

/// A random Janus id (room, publisher feed) in [1, 2^53): exact in a JavaScript number too.
std::uint64_t random_id();
/// `bytes` random bytes as lowercase hex (room secrets, transactions).
std::string random_hex(std::size_t bytes);

// ---- core requests ----
json::object create_session();
json::object attach_videoroom();
json::object keepalive();
json::object detach(std::uint64_t handle);
/// A plugin message on `handle`, with a JSEP offer or answer when `jsep` is an object.
json::object message(std::uint64_t handle, json::object body, json::object jsep = {});
/// A trickled candidate `{candidate, sdpMid?, sdpMLineIndex?}`, or its end (`{completed: true}`)
/// when `candidate` is null.
json::object trickle(std::uint64_t handle, const json::value& candidate);
/// Several in one trickle (Janus's `candidates` array), each as above.
json::object trickle(std::uint64_t handle, const std::vector<json::value>& candidates);
/// {type, sdp}
json::object jsep(std::string_view type, std::string_view sdp);

// ---- VideoRoom bodies ----
/// A room nobody can list or join without its id, for up to 100 publishers, VP8 and Opus.
json::object room_create(std::uint64_t room, std::string_view secret, std::string_view admin_key);
json::object room_destroy(std::uint64_t room, std::string_view secret);
/// `list`, which shows private rooms only with the plugin's admin_key.
json::object room_list(std::string_view admin_key);
/// joinandconfigure as a publisher with our own feed id; the JSEP offer goes beside it.
json::object publish(std::uint64_t room, std::uint64_t feed, std::string_view display);
/// configure on a publisher (renegotiation: ICE restart, tracks added); JSEP offer beside it.
json::object republish();
/// join as a subscriber to one feed, its video aiming for simulcast layer `substream` (0..2;
/// -1: Janus's default, the highest); Janus answers with an offer.
json::object subscribe(std::uint64_t room, std::uint64_t feed, int substream = -1);
/// start a subscription; the client's JSEP answer goes beside it.
json::object start();
/// configure the simulcast layer of the subscription's video stream `mid`.
json::object substream(std::string_view mid, int layer);

// ---- what Janus sends ----
enum class kind {
  ack,        ///< a request was received (final for keepalive and trickle)
  success,    ///< a synchronous answer
  error,      ///< a core error
  event,      ///< a plugin event (an async answer when it carries a transaction)
  trickle,    ///< a candidate Janus gathered for a handle
  webrtcup,   ///< a handle's PeerConnection is up
  hangup,     ///< a handle's PeerConnection went down
  detached,   ///< a handle is gone
  timeout,    ///< the session timed out
  other,      ///< media, slowlink, ...: ignored
  malformed,  ///< not a Janus message
};

struct reply {
  enum kind kind = kind::malformed;
  std::string transaction;
  std::uint64_t sender = 0;  ///< the handle an event is about, or 0
  /// success: `data` (e.g. {id}) or the plugin's data; event: the plugin's data.
  json::object data;
  json::object jsep;      ///< empty when none
  std::string error;      ///< error: Janus's reason; event: the plugin's `error`, if any
  json::value candidate;  ///< trickle: the candidate object, or null once completed
};

/// Reads one text frame; kind::malformed for anything that is not a Janus JSON object.
reply parse(std::string_view text);

/// The id in a `success` to create or attach, or 0.
std::uint64_t new_id(const reply& r);

/// The `mid` of the first video stream in a VideoRoom `attached` or `joined` event, or "".
std::string video_mid(const json::object& data);

}  // namespace parley::sfu
