// handlers for the moderation events and reactions (docs/signaling.md "Moderation"): the
// payload is checked here, on the sender's strand; who may do what is the room's decision.
#include "signaling/context.hpp"
#include "signaling/handlers.hpp"
#include "signaling/member_session.hpp"
#include "signaling/room.hpp"

namespace parley::signaling::handlers {

template <moderation_op Op>
completion moderate(event_call& c) {
  auto req = parse_moderation(Op, c.args, c.self.ctx().lim);
  if (!req) return invalid(c);
  if (auto r = room_or_refuse(c))
    r->moderate(std::move(*req), c.self.socket_id(), std::move(c.reply));
  return completion::done;
}

template completion moderate<moderation_op::mute>(event_call&);
template completion moderate<moderation_op::mute_all>(event_call&);
template completion moderate<moderation_op::ask_unmute>(event_call&);
template completion moderate<moderation_op::remove>(event_call&);
template completion moderate<moderation_op::set_role>(event_call&);
template completion moderate<moderation_op::lock>(event_call&);
template completion moderate<moderation_op::set_lobby>(event_call&);
template completion moderate<moderation_op::admit>(event_call&);
template completion moderate<moderation_op::deny>(event_call&);
template completion moderate<moderation_op::admit_all>(event_call&);

completion reaction(event_call& c) {
  auto emoji = parse_reaction(c.args);
  if (!emoji) return invalid(c);
  auto r = room_or_refuse(c);
  if (!r) return completion::done;
  // docs/cluster.md "Per-user limits": with --redis, one budget for all the user's sockets.
  return c.self.limit_user(
      user_rate::reaction, c.reply,
      [r, e = std::move(*emoji)](member_session& s, const socketio::ack& reply) {
        r->react(s.socket_id(), e, reply);
        return completion::done;
      });
}

}  // namespace parley::signaling::handlers
