#include "signaling/signaling_metrics.hpp"

#include <string>

namespace parley::signaling {

namespace {

/// 10 us .. ~100 ms: a relay is a hash lookup and a queue push, so the interesting range is
/// far below the registry's default request buckets.
std::vector<double> relay_buckets() {
  std::vector<double> b;
  for (double v = 10e-6; v < 0.2; v *= 2.5) b.push_back(v);
  return b;
}

constexpr errc refusal_reasons[] = {errc::not_in_room, errc::invalid_target, errc::invalid_payload,
                                    errc::rate_limited};

}  // namespace

signaling_metrics::signaling_metrics(metrics::registry& reg)
    : sockets(
          reg.add_gauge("parley_signaling_sockets", "Connected, authenticated signaling sockets")),
      rooms(reg.add_gauge("parley_signaling_rooms", "Meeting rooms with members or pending joins")),
      participants(reg.add_gauge("parley_signaling_participants", "Room members over all rooms")),
      joins(reg.add_counter("parley_signaling_joins_total", "Room joins accepted")),
      leaves(reg.add_counter("parley_signaling_leaves_total",
                             "Room departures (leave, disconnect, end)")),
      meetings_ended(reg.add_counter("parley_signaling_meetings_ended_total",
                                     "Meetings ended with sockets told")),
      chat_messages(reg.add_counter("parley_signaling_chat_messages_total",
                                    "Chat messages stored and broadcast")),
      refused_connects(reg.add_counter("parley_signaling_connects_refused_total",
                                       "CONNECTs refused as unauthorized")),
      rate_limited(
          reg.add_counter("parley_signaling_rate_limited_total", "Events refused as rate_limited")),
      abuse_disconnects(reg.add_counter("parley_signaling_abuse_disconnects_total",
                                        "Sockets disconnected for abuse")),
      relay_latency(reg.add_histogram("parley_signaling_relay_latency_seconds",
                                      "Relay time from event arrival to the target's send queue",
                                      relay_buckets())),
      sfu_up(reg.add_gauge("parley_sfu_up", "1 while the SFU (Janus) has a ready session")),
      meetings_mesh(
          reg.add_gauge("parley_meetings", "Live meetings by topology", {{"topology", "mesh"}})),
      meetings_sfu(
          reg.add_gauge("parley_meetings", "Live meetings by topology", {{"topology", "sfu"}})) {
  for (relay_type t : {relay_type::offer, relay_type::answer, relay_type::ice_candidate}) {
    relayed_[static_cast<int>(t)] =
        &reg.add_counter("parley_signaling_relayed_total", "Relayed offers, answers and candidates",
                         {{"type", std::string(event_name(t))}});
  }
  for (std::size_t i = 0; i < refused_.size(); ++i) {
    refused_[i] =
        &reg.add_counter("parley_signaling_relays_refused_total", "Relays refused, by reason",
                         {{"reason", std::string(code_name(refusal_reasons[i]))}});
  }
}

metrics::counter& signaling_metrics::refused(errc reason) {
  for (std::size_t i = 0; i < refused_.size(); ++i) {
    if (refusal_reasons[i] == reason) return *refused_[i];
  }
  return *refused_[0];
}

}  // namespace parley::signaling
