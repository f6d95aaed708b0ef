// handlers for the events addressed to the sender's whole room: leave, chat-message,
// media-state, raise-hand, end-meeting.
#include "domain/views.hpp"
#include "signaling/context.hpp"
#include "signaling/handlers.hpp"
#include "signaling/member_session.hpp"
#include "signaling/room.hpp"

namespace parley::signaling::handlers {

std::shared_ptr<room> room_or_refuse(event_call& c) {
  auto r = c.self.current_room();
  if (!r) c.self.refuse(c.reply, errc::not_in_room);
  return r;
}

completion invalid(event_call& c) {
  c.self.refuse(c.reply, errc::invalid_payload);
  return completion::done;
}

completion leave(event_call& c) {
  auto r = c.self.take_room();
  if (!r) {
    c.self.refuse(c.reply, errc::not_in_room);
    return completion::done;
  }
  r->remove(c.self.socket_id(), "leave", std::move(c.reply));
  return completion::done;
}

completion chat_message(event_call& c) {
  auto text = parse_chat(c.args, c.self.ctx().lim);
  if (!text) return invalid(c);
  auto r = room_or_refuse(c);
  if (!r) return completion::done;
  // docs/cluster.md "Per-user limits": with --redis, one budget for all the user's sockets,
  // spent before the store is asked (a refused message is never stored).
  return c.self.limit_user(
      user_rate::chat, c.reply,
      [r, t = std::move(*text)](member_session& s, const socketio::ack& reply) mutable {
        s.ctx().svc->async_post_message(
            s.who().user.id, r->meeting_id(), std::move(t),
            [self = s.shared_from_this(), r, reply](domain::outcome<domain::message> stored) {
              if (stored) {
                r->broadcast_chat(domain::message_json(*stored), self, reply);
              } else {
                self->settle(reply, one_arg(error_body(from_domain(stored.error().code))));
              }
            });
        return completion::pending;
      });
}

completion media_state(event_call& c) {
  auto m = parse_media_state(c.args);
  if (!m) return invalid(c);
  if (auto r = room_or_refuse(c)) r->update_media(c.self.socket_id(), *m, std::move(c.reply));
  return completion::done;
}

completion raise_hand(event_call& c) {
  auto raised = parse_raise_hand(c.args);
  if (!raised) return invalid(c);
  if (auto r = room_or_refuse(c)) r->raise_hand(c.self.socket_id(), *raised, std::move(c.reply));
  return completion::done;
}

completion end_meeting(event_call& c) {
  auto r = room_or_refuse(c);
  if (!r) return completion::done;
  // On success the services also call meeting_server::on_meeting_ended; room::end is
  // idempotent, and acking through it sends the ack after meeting-ended.
  c.self.ctx().svc->async_end(c.self.who().user.id, r->meeting_id(),
                              [self = c.self.shared_from_this(), r,
                               reply = c.reply](domain::outcome<domain::meeting> ended) {
                                if (ended) {
                                  r->end(self, reply);
                                } else {
                                  self->settle(
                                      reply, one_arg(error_body(from_domain(ended.error().code))));
                                }
                              });
  return completion::pending;
}

}  // namespace parley::signaling::handlers
