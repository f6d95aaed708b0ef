// The signaling series on /metrics, registered once in the app's metrics::registry. Updates
// are lock-free atomics on per-thread cells, callable from any strand.
#pragma once

#include <array>

#include "metrics/registry.hpp"
#include "signaling/errc.hpp"
#include "signaling/requests.hpp"

namespace parley::signaling {

class signaling_metrics {
 public:
  /// Registers every series in `reg`, which must outlive this object.
  explicit signaling_metrics(metrics::registry& reg);

  metrics::gauge& sockets;       ///< parley_signaling_sockets: authenticated, connected sockets
  metrics::gauge& rooms;         ///< parley_signaling_rooms: rooms with members or pending joins
  metrics::gauge& participants;  ///< parley_signaling_participants: members over all rooms
  metrics::counter& joins;       ///< parley_signaling_joins_total
  metrics::counter& leaves;      ///< parley_signaling_leaves_total (leave, disconnect, end)
  metrics::counter& meetings_ended;     ///< parley_signaling_meetings_ended_total
  metrics::counter& chat_messages;      ///< parley_signaling_chat_messages_total
  metrics::counter& refused_connects;   ///< parley_signaling_connects_refused_total
  metrics::counter& rate_limited;       ///< parley_signaling_rate_limited_total (any event)
  metrics::counter& abuse_disconnects;  ///< parley_signaling_abuse_disconnects_total
  /// parley_signaling_relay_latency_seconds: from the event's arrival to the target's queue.
  /// A relay handled on arrival (the fast path, handlers.hpp relay_raw) reaches the queue
  /// within that call and is recorded as 0 without reading a clock; one that waited behind a
  /// pending event (join, chat, end) is timed.
  metrics::histogram& relay_latency;
  /// parley_sfu_up: 1 while a Janus session is ready (0 without --janus).
  metrics::gauge& sfu_up;
  /// parley_meetings{topology="mesh"|"sfu"}: live rooms by topology.
  metrics::gauge& meetings_mesh;
  metrics::gauge& meetings_sfu;

  /// parley_signaling_relayed_total{type}
  metrics::counter& relayed(relay_type t) { return *relayed_[static_cast<int>(t)]; }
  /// parley_signaling_relays_refused_total{reason}; `reason` is a relay refusal
  /// (not_in_room, invalid_target, invalid_payload, rate_limited).
  metrics::counter& refused(errc reason);

 private:
  std::array<metrics::counter*, 3> relayed_;
  std::array<metrics::counter*, 4> refused_;
};

}  // namespace parley::signaling
