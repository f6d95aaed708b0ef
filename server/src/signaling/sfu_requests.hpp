// The client's SFU events (docs/signaling.md "Large meetings: the SFU"): parsing and size rules.
// Pure functions like requests.hpp: nullopt is invalid_payload.
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "signaling/limits.hpp"
#include "socketio/payload.hpp"

namespace parley::signaling {

enum class sfu_op { publish, unpublish, subscribe, answer, unsubscribe, candidate, layer };

struct sfu_request {
  sfu_op op = sfu_op::publish;
  std::string kind;          ///< publish: "camera" | "screen"
  std::string pc;            ///< every op but subscribe (publish: optional, renegotiation)
  std::string feed;          ///< subscribe
  boost::json::object jsep;  ///< publish: the offer; answer: the answer ({type, sdp})
  /// candidate: each {candidate, sdpMid?, sdpMLineIndex?}, or null (the end of them)
  std::vector<boost::json::value> candidates;
  int substream = -1;  ///< layer: 0..2; subscribe: the first layer, 0..2, or -1 (not given)
};

/// The longest `pc` or `feed` id a client may send (ours are 16 characters).
constexpr std::size_t max_sfu_id_bytes = 64;
/// The most candidates one `sfu-candidate` may carry (`candidates`). A browser gathers a few
/// per network interface and kind (host, server-reflexive, relay) for one connection.
constexpr std::size_t max_sfu_candidates = 16;

std::optional<sfu_request> parse_sfu(const socketio::payload& p, sfu_op op, const limits& lim);

}  // namespace parley::signaling
