// handlers::relay: offer / answer / ice-candidate. The hot path: validate sizes, two
// membership lookups in the namespace's room registry, move the body into the outgoing
// object, one encode, one queue push on the target's connection. No room strand hop.
#include "signaling/context.hpp"
#include "signaling/handlers.hpp"
#include "signaling/member_session.hpp"
#include "signaling/room.hpp"
#include "socketio/socket.hpp"

namespace parley::signaling::handlers {

namespace json = boost::json;

template <relay_type T>
completion relay(event_call& c) {
  member_session& self = c.self;
  context& ctx = self.ctx();
  auto refuse = [&](errc e) {
    ctx.metrics.refused(e).inc();
    self.refuse(c.reply, e);
    return completion::done;
  };
  auto req = parse_relay(c.args, T, ctx.lim);
  if (!req) return refuse(errc::invalid_payload);
  if (req->target == self.socket_id()) return refuse(errc::invalid_target);
  const auto& r = self.current_room();
  if (!r) return refuse(errc::not_in_room);
  // The Socket.IO room mirrors the room's membership (room.hpp): both ends must be in it now.
  auto target = ctx.nsp.find(req->target);
  auto sender = self.socket();
  if (!target || !sender || !sender->in_room(r->channel()) || !target->in_room(r->channel())) {
    return refuse(errc::not_in_room);
  }
  json::object out(3);
  out.emplace(body_field(T), std::move(*req->body));
  out.emplace("fromSocket", self.socket_id());
  out.emplace("fromUserId", self.who().user.id);
  target->emit(event_name(T), one_arg(std::move(out)));
  ctx.metrics.relayed(T).inc();
  const std::chrono::duration<double> took = std::chrono::steady_clock::now() - c.arrived;
  ctx.metrics.relay_latency.observe(took.count());
  c.reply(one_arg(json::object{{"ok", true}}));
  return completion::done;
}

template completion relay<relay_type::offer>(event_call&);
template completion relay<relay_type::answer>(event_call&);
template completion relay<relay_type::ice_candidate>(event_call&);

}  // namespace parley::signaling::handlers
