// handlers::relay and relay_raw: offer / answer / ice-candidate. The hot path (relay_raw): one
// SAX pass over the packet text, one room-and-target lookup under the namespace's lock, the
// body's bytes spliced between a fixed prefix and the sender's precomputed fields, one queue
// push on the target's connection. No DOM, no room strand hop, no clock read.
#include <boost/json/serialize.hpp>

#include "signaling/context.hpp"
#include "signaling/handlers.hpp"
#include "signaling/member_session.hpp"
#include "signaling/relay_scan.hpp"
#include "signaling/room.hpp"
#include "socketio/event_writer.hpp"
#include "socketio/socket.hpp"

namespace parley::signaling::handlers {

namespace json = boost::json;

namespace {

void refuse(member_session& self, const socketio::ack& reply, errc e) {
  self.ctx().metrics.refused(e).inc();
  self.refuse(reply, e);
}

/// docs/cluster.md "Relays": a target held by another process gets the relay through that
/// process's own channel only. The ack says ok once that process was listening.
bool forward_remote(member_session& self, const socketio::socket& sender, relay_type t,
                    std::string_view target, std::string_view body, const socketio::ack& reply) {
  context& ctx = self.ctx();
  const auto& r = self.current_room();
  std::string process = r->remote_process(target);
  // The sender must be in the room itself (its own id as the target of the lookup).
  if (process.empty() || process == ctx.cluster->id() ||
      !ctx.nsp.find_in_room(self.socket_id(), r->channel(), sender)) {
    refuse(self, reply, errc::not_in_room);
    return false;
  }
  std::string msg = R"({"t":"relay","m":)" + json::serialize(json::string(r->meeting_id())) +
                    R"(,"to":)" + json::serialize(json::string(target)) + R"(,"event":")" +
                    std::string(event_name(t)) + R"(","arg":)";
  msg.append(ctx.relay_prefixes[static_cast<int>(t)]).append(body).append(self.sender_fields());
  msg += '}';
  ctx.metrics.relayed(t).inc();
  ctx.cluster->send_to(process, std::move(msg), [reply](long long n) {
    if (!reply) return;
    if (n >= 1) return reply(one_arg(json::object{{"ok", true}}));
    reply(one_arg(error_body(n == 0 ? errc::not_in_room : errc::unavailable)));
  });
  return true;
}

/// Sends `body` (one valid JSON value) to `target` as event `t` from `self`, with fromSocket
/// and fromUserId set here and nowhere else, or refuses. True when delivered.
bool forward(member_session& self, const socketio::socket* sender, relay_type t,
             std::string_view target, std::string_view body, const socketio::ack& reply) {
  context& ctx = self.ctx();
  if (target == self.socket_id()) {
    refuse(self, reply, errc::invalid_target);
    return false;
  }
  const auto& r = self.current_room();
  // The Socket.IO room mirrors the room's membership (room.hpp): both ends must be in it now.
  auto peer = r && sender ? ctx.nsp.find_in_room(target, r->channel(), *sender) : nullptr;
  const std::string_view prefix = ctx.relay_prefixes[static_cast<int>(t)];
  const std::string_view suffix = self.sender_fields();
  if (!peer && r && sender && ctx.cluster)
    return forward_remote(self, *sender, t, target, body, reply);
  if (!peer) {
    refuse(self, reply, errc::not_in_room);
    return false;
  }
  socketio::event_writer w(ctx.relay_headers[static_cast<int>(t)],
                           prefix.size() + body.size() + suffix.size());
  w.arg({prefix, body, suffix});
  peer->emit(std::move(w).finish());
  ctx.metrics.relayed(t).inc();
  if (reply) reply(one_arg(json::object{{"ok", true}}));
  return true;
}

}  // namespace

template <relay_type T>
completion relay(event_call& c) {
  auto req = parse_relay(c.args, T, c.self.ctx().lim);
  if (!req) return refuse(c.self, c.reply, errc::invalid_payload), completion::done;
  const std::string body = json::serialize(*req->body);
  const auto sender = c.self.socket();
  if (forward(c.self, sender.get(), T, req->target, body, c.reply)) {
    const std::chrono::duration<double> took = std::chrono::steady_clock::now() - c.arrived;
    c.self.ctx().metrics.relay_latency.observe(took.count());
  }
  return completion::done;
}

template <relay_type T>
socketio::raw_result relay_raw(member_session& self, const socketio::raw_event& ev,
                               const socketio::ack& reply) {
  const relay_scan s = scan_relay(ev.json, T, self.ctx().lim);
  if (!s.valid) return s.valid;
  switch (s.what) {
    case relay_scan::verdict::unsupported:
      return socketio::raw_result::declined();
    case relay_scan::verdict::invalid:
      refuse(self, reply, errc::invalid_payload);
      break;
    case relay_scan::verdict::ok:
      // Handled on arrival (the session was idle): it reached the target's queue within this
      // call, far below the histogram's first bucket, so no clock is read.
      if (forward(self, &ev.from, T, s.request.target, s.request.body, reply)) {
        self.ctx().metrics.relay_latency.observe(0);
      }
      break;
  }
  return s.valid;
}

template completion relay<relay_type::offer>(event_call&);
template completion relay<relay_type::answer>(event_call&);
template completion relay<relay_type::ice_candidate>(event_call&);
template socketio::raw_result relay_raw<relay_type::offer>(member_session&,
                                                           const socketio::raw_event&,
                                                           const socketio::ack&);
template socketio::raw_result relay_raw<relay_type::answer>(member_session&,
                                                            const socketio::raw_event&,
                                                            const socketio::ack&);
template socketio::raw_result relay_raw<relay_type::ice_candidate>(member_session&,
                                                                   const socketio::raw_event&,
                                                                   const socketio::ack&);

}  // namespace parley::signaling::handlers
