// handlers::join: the contract's join checks on the sender's strand, the meeting's checks by
// the services (and, for a room's first join, its moderation state from the store), then
// room::request_join on the room's strand (lock, ban, lobby; docs/signaling.md "Moderation").
#include "auth/ids.hpp"
#include "signaling/context.hpp"
#include "signaling/handlers.hpp"
#include "signaling/member_session.hpp"
#include "signaling/room.hpp"
#include "socketio/socket.hpp"

namespace parley::signaling::handlers {

completion join(event_call& c) {
  member_session& self = c.self;
  context& ctx = self.ctx();
  auto req = parse_join(c.args, ctx.lim);
  if (!req) {
    self.refuse(c.reply, errc::invalid_payload);
    return completion::done;
  }
  const auto& user = self.who().user;
  if (self.current_room()) {
    self.refuse(c.reply, errc::already_in_room);
    return completion::done;
  }
  if (req->user_id && *req->user_id != user.id) {
    self.refuse(c.reply, errc::invalid_payload);
    return completion::done;
  }
  auto sock = self.socket();
  if (!sock) return completion::done;
  if (!auth::is_meeting_id(req->room)) {  // no store round trip for garbage ids
    self.refuse(c.reply, errc::not_found);
    return completion::done;
  }
  // Held from now on, so a concurrent end finds the room and the admit below is refused.
  auto r = ctx.rooms.acquire(self.shared_ctx(), req->room);
  self.enter(r);
  participant who{self.socket_id(), user.id, user.username, req->audio, req->video};
  ctx.svc->async_check_join(
      user.id, req->room, std::move(req->password),
      [self = self.shared_from_this(), r, sock = std::move(sock), who = std::move(who),
       reply = c.reply](domain::outcome<domain::meeting> row) mutable {
        if (!row) {
          self->settle_refused(std::move(reply), from_domain(row.error().code), r.get());
          return;
        }
        if (r->moderation_loaded()) {
          r->request_join(std::move(self), std::move(sock), std::move(who), std::move(*row), {},
                          std::move(reply));
          return;
        }
        // The room's first join (since the server started or the room emptied): its lock,
        // lobby, cohosts and bans come from the store.
        auto& svc = *self->ctx().svc;
        std::string meeting_id = row->meeting_id;  // before `row` moves into the callback
        svc.async_moderation(
            std::move(meeting_id),
            [self = std::move(self), r = std::move(r), sock = std::move(sock), who = std::move(who),
             row = std::move(*row),
             reply = std::move(reply)](domain::outcome<store::moderation_record> mod) mutable {
              if (!mod) {
                self->settle_refused(std::move(reply), from_domain(mod.error().code), r.get());
                return;
              }
              r->request_join(std::move(self), std::move(sock), std::move(who), std::move(row),
                              std::move(*mod), std::move(reply));
            });
      });
  return completion::pending;
}

}  // namespace parley::signaling::handlers
