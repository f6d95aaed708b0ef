// What every session and room of the signaling layer shares: the namespace it serves, the
// domain services, the rooms, the limits and the metrics. Built once by meeting_server and
// held by shared_ptr by sessions and rooms, so it outlives the last of them.
#pragma once

#include <array>
#include <memory>
#include <string>

#include "cluster/node.hpp"
#include "core/net.hpp"
#include "domain/services.hpp"
#include "recording/worker.hpp"
#include "sfu/janus_client.hpp"
#include "signaling/limits.hpp"
#include "signaling/room_registry.hpp"
#include "signaling/signaling_metrics.hpp"
#include "socketio/event_writer.hpp"
#include "socketio/nsp.hpp"

namespace parley::signaling {

struct context {
  context(socketio::nsp& n, std::shared_ptr<domain::services> s, net::any_io_executor e, limits l,
          metrics::registry& reg)
      : nsp(n), svc(std::move(s)), ex(std::move(e)), lim(l), metrics(reg) {
    for (relay_type t : {relay_type::offer, relay_type::answer, relay_type::ice_candidate}) {
      relay_headers[static_cast<int>(t)] = socketio::event_writer::header(n.name(), event_name(t));
      relay_prefixes[static_cast<int>(t)] = "{\"" + std::string(body_field(t)) + "\":";
    }
  }

  socketio::nsp& nsp;                     ///< the "/" namespace; outlives every socket
  std::shared_ptr<domain::services> svc;  ///< store calls, on its blocking pool
  net::any_io_executor ex;                ///< the io_context's; each room's strand is made from it
  const limits lim;
  signaling_metrics metrics;
  room_registry rooms;
  /// The SFU (docs/signaling.md "Large meetings: the SFU"); null without --janus. Set once by
  /// meeting_server::create, before any socket connects.
  std::shared_ptr<sfu::janus_client> janus;
  /// The cluster (docs/cluster.md); null without --redis. Set once by meeting_server::create.
  std::shared_ptr<cluster::node> cluster;
  /// What hears the cluster's channels (cluster_bridge); held here, the node holds it weakly.
  std::shared_ptr<cluster::node_listener> cluster_bridge;
  /// The recording worker (docs/recording.md); null when recording is off (no --janus). Set
  /// once by meeting_server::create, like `janus`.
  std::shared_ptr<recording::worker> recorder;
  /// socketio::event_writer headers of offer, answer, ice-candidate (by relay_type).
  std::array<std::string, 3> relay_headers;
  /// `{"<body field>":`, the start of each one's outgoing argument (by relay_type).
  std::array<std::string, 3> relay_prefixes;
};

/// The Socket.IO room name of a meeting ("m:kfq7-trmx-2pa9"); prefixed so it can never
/// collide with the per-session rooms ("s:<session id>").
inline std::string meeting_channel(std::string_view meeting_id) {
  return "m:" + std::string(meeting_id);
}
inline std::string session_channel(std::string_view session_id) {
  return "s:" + std::string(session_id);
}

/// An event's or ack's arguments holding one value (moved in, never copied).
inline socketio::payload one_arg(boost::json::value v) {
  boost::json::array a;
  a.emplace_back(std::move(v));
  return socketio::payload(std::move(a));
}

}  // namespace parley::signaling
