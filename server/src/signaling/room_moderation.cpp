// room's moderation half (docs/signaling.md "Moderation"): the join gate and lobby, roles,
// mutes, removal, lock, reactions. Everything runs on the room's strand, like room.cpp.
#include <algorithm>

#include "core/log.hpp"
#include "signaling/context.hpp"
#include "signaling/member_session.hpp"
#include "signaling/room.hpp"
#include "socketio/socket.hpp"

namespace parley::signaling {

namespace json = boost::json;

namespace {

json::object ok() {
  return {{"ok", true}};
}

}  // namespace

void room::request_join(std::shared_ptr<member_session> session,
                        std::shared_ptr<socketio::socket> sock, participant who,
                        domain::meeting row, std::optional<store::moderation_record> mod,
                        socketio::ack reply) {
  on_strand([session = std::move(session), sock = std::move(sock), who = std::move(who),
             row = std::move(row), mod = std::move(mod),
             reply = std::move(reply)](room& r) mutable {
    if (mod) {
      r.state_.load(row.host_id, *mod);
      r.loaded_.store(true, std::memory_order_release);
    }
    if (!r.ctx_->cluster)
      return r.do_request_join(session, std::move(sock), std::move(who), row, reply);
    // docs/cluster.md "Moderation": the gate reads the cluster's state, so the view first.
    if (!r.ctx_->cluster->up()) return r.refuse_join(session, reply, errc::unavailable);
    r.with_sync([session, sock, who, row, reply](room& rm) mutable {
      rm.do_request_join(session, std::move(sock), std::move(who), row, reply);
    });
  });
}

void room::refuse_join(const std::shared_ptr<member_session>& session, const socketio::ack& reply,
                       errc e) {
  session->settle(reply, one_arg(error_body(e)), this);
}

void room::do_request_join(const std::shared_ptr<member_session>& session,
                           std::shared_ptr<socketio::socket> sock, participant who,
                           const domain::meeting& row, const socketio::ack& reply) {
  if (session->closed()) return session->settle({}, {}, this);
  if (state_.ended()) return refuse_join(session, reply, errc::meeting_ended);
  if (!state_.loaded()) return refuse_join(session, reply, errc::internal_error);
  if (ctx_->cluster && cv_.state() != cluster_view::sync::synced)
    return refuse_join(session, reply, errc::unavailable);
  (void)row;
  const gate_result g = state_.gate(who.user_id);
  if (g.refused) return refuse_join(session, reply, *g.refused);
  // The room cap (docs/signaling.md "Limits") before the store or the lobby: a full room
  // neither records nor holds the join. admit() checks again (joins race to the last seat).
  if (full(who.socket_id)) return refuse_join(session, reply, errc::meeting_full);
  if (!g.wait) return record_join(session, std::move(sock), std::move(who), reply);
  if (ctx_->cluster) return cluster_hold(session, std::move(sock), std::move(who), reply);
  // Held: the join stays pending (the socket's later events wait) until admit, deny, the
  // lobby being turned off, the meeting ending, or the socket closing.
  sock->emit("lobby-waiting", one_arg(json::object{{"meetingId", meeting_id_}}));
  json::object request{{"userId", who.user_id}, {"username", who.username}};
  log::info("lobby_waiting", {{"meeting", log_id_}, {"userId", who.user_id}});
  if (state_.wait({member{std::move(who), std::move(sock), session}, reply}))
    to_moderators("lobby-request", request);
}

void room::record_join(std::shared_ptr<member_session> session,
                       std::shared_ptr<socketio::socket> sock, participant who,
                       socketio::ack reply) {
  std::string user_id = who.user_id;
  ctx_->svc->async_record_join(
      std::move(user_id), meeting_id_,
      [self = shared_from_this(), session = std::move(session), sock = std::move(sock),
       who = std::move(who), reply = std::move(reply)](domain::outcome<domain::meeting> m) mutable {
        if (!m) {
          session->settle(std::move(reply), one_arg(error_body(from_domain(m.error().code))),
                          self.get());
          return;
        }
        self->admit(std::move(session), std::move(sock), std::move(who), std::move(*m),
                    std::move(reply));
      });
}

void room::moderate(moderation_request req, std::string sender_socket, socketio::ack reply) {
  on_strand([req = std::move(req), sender = std::move(sender_socket),
             reply = std::move(reply)](room& r) { r.do_moderate(req, sender, reply); });
}

void room::do_moderate(const moderation_request& req, const std::string& sender,
                       const socketio::ack& reply) {
  if (ctx_->cluster) return cluster_moderate(req, sender, reply);
  const bool targeted = req.op == moderation_op::mute || req.op == moderation_op::ask_unmute ||
                        req.op == moderation_op::remove || req.op == moderation_op::set_role;
  const std::string_view target = targeted ? std::string_view(req.target) : std::string_view{};
  if (auto refused = state_.may_moderate(sender, target))
    return reply(one_arg(error_body(*refused)));
  const member by = *state_.find(sender);  // a copy: removals below may move members
  switch (req.op) {
    case moderation_op::mute:
    case moderation_op::mute_all:
      return mute(req, by, reply);
    case moderation_op::ask_unmute:
      return ask_unmute(req, by, reply);
    case moderation_op::remove:
      return remove_user(req, by, reply);
    case moderation_op::set_role:
      return set_role(req, reply);
    case moderation_op::lock:
    case moderation_op::set_lobby:
      return set_flag(req, reply);
    case moderation_op::admit:
    case moderation_op::deny:
      return resolve_lobby(req, false, reply);
    case moderation_op::admit_all:
      return resolve_lobby(req, true, reply);
  }
}

void room::mute(const moderation_request& req, const member& by, const socketio::ack& reply) {
  const bool audio = req.kind == "audio";
  std::size_t muted = 0;
  for (const member& m : state_.members()) {
    if (req.op == moderation_op::mute ? m.info.socket_id != req.target
                                      : m.info.socket_id == by.info.socket_id)
      continue;
    member* t = state_.find(m.info.socket_id);
    (audio ? t->info.audio : t->info.video) = false;
    json::object told{{"kind", req.kind}};
    t->socket->emit("muted", one_arg(std::move(by.info.add_as_actor(told))));
    ctx_->nsp.to(channel_)
        .except(t->info.socket_id)
        .emit("media-state", one_arg(t->info.media_json()));
    ++muted;
  }
  json::object ack = ok();
  ack["muted"] = muted;
  reply(one_arg(std::move(ack)));
}

void room::ask_unmute(const moderation_request& req, const member& by, const socketio::ack& reply) {
  json::object told{{"kind", req.kind}};
  state_.find(req.target)
      ->socket->emit("unmute-request", one_arg(std::move(by.info.add_as_actor(told))));
  reply(one_arg(ok()));
}

void room::remove_user(const moderation_request& req, const member& by,
                       const socketio::ack& reply) {
  const std::string user_id = state_.find(req.target)->info.user_id;
  std::vector<member> gone = state_.ban(user_id);
  for (auto& m : gone) {
    if (auto s = m.session.lock()) s->evicted(this);
    json::object told{{"meetingId", meeting_id_}};
    m.socket->emit("removed", one_arg(std::move(by.info.add_as_actor(told))));
    m.socket->leave(channel_);
    ctx_->nsp.to(channel_).emit(
        "user-left", one_arg(json::object{{"userId", user_id}, {"socketId", m.info.socket_id}}));
  }
  ctx_->metrics.participants.add(-static_cast<double>(gone.size()));
  ctx_->metrics.leaves.inc(gone.size());
  store_left(user_id);
  settle_waiting(state_.take_waiting(user_id), false);  // another tab in the lobby
  log::info("participant_removed",
            {{"meeting", log_id_}, {"userId", user_id}, {"by", by.info.user_id}});
  ack_after([&](auto done) { ctx_->svc->async_ban(meeting_id_, user_id, std::move(done)); }, reply);
}

void room::set_role(const moderation_request& req, const socketio::ack& reply) {
  const std::string user_id = state_.find(req.target)->info.user_id;
  const bool cohost = req.kind == "cohost";
  if (auto refused = state_.set_cohost(user_id, cohost))
    return reply(one_arg(error_body(*refused)));
  for (const member& m : state_.members()) {
    if (m.info.user_id != user_id) continue;
    ctx_->nsp.to(channel_).emit("role-changed", one_arg(json::object{{"socketId", m.info.socket_id},
                                                                     {"userId", user_id},
                                                                     {"role", m.info.role}}));
    if (cohost) show_lobby(*m.socket);
  }
  ack_after(
      [&](auto done) {
        ctx_->svc->async_set_cohost(meeting_id_, user_id, cohost, std::move(done));
      },
      reply);
}

void room::set_flag(const moderation_request& req, const socketio::ack& reply) {
  const bool lock = req.op == moderation_op::lock;
  if (lock)
    state_.set_locked(req.on);
  else
    state_.set_lobby(req.on);
  ctx_->nsp.to(channel_).emit("meeting-settings", one_arg(state_.settings()));
  // Turning the lobby off lets everyone waiting in.
  if (!lock && !req.on) settle_waiting(state_.take_all_waiting(), true);
  const auto flag = lock ? store::meeting_flag::locked : store::meeting_flag::lobby;
  ack_after(
      [&](auto done) { ctx_->svc->async_set_flag(meeting_id_, flag, req.on, std::move(done)); },
      reply);
}

void room::resolve_lobby(const moderation_request& req, bool all, const socketio::ack& reply) {
  std::vector<waiting> ws = all ? state_.take_all_waiting() : state_.take_waiting(req.target);
  // The first admit or deny of a user takes its entries; a racing second finds none.
  if (ws.empty() && !all) return reply(one_arg(error_body(errc::not_in_room)));
  json::object ack = ok();
  ack["count"] = ws.size();
  settle_waiting(std::move(ws), req.op != moderation_op::deny);
  reply(one_arg(std::move(ack)));
}

void room::settle_waiting(std::vector<waiting> ws, bool admitted) {
  std::vector<std::string> told;
  for (auto& w : ws) {
    const std::string user_id = w.m.info.user_id;
    if (std::find(told.begin(), told.end(), user_id) == told.end()) {
      told.push_back(user_id);
      to_moderators("lobby-resolved",
                    {{"userId", user_id}, {"outcome", admitted ? "admitted" : "denied"}});
    }
    auto session = w.m.session.lock();
    if (!session) continue;
    if (admitted) {
      record_join(std::move(session), std::move(w.m.socket), std::move(w.m.info),
                  std::move(w.reply));
    } else {
      w.m.socket->emit("denied", one_arg(json::object{{"meetingId", meeting_id_}}));
      refuse_join(session, w.reply, errc::denied);
    }
  }
}

void room::to_moderators(std::string_view event, const json::object& body) {
  for (const member* m : state_.moderators()) m->socket->emit(event, one_arg(body));
}

void room::show_lobby(socketio::socket& to) {
  std::vector<std::string> shown;
  const auto show = [&](const participant& p) {
    if (std::find(shown.begin(), shown.end(), p.user_id) != shown.end()) return;
    shown.push_back(p.user_id);
    to.emit("lobby-request",
            one_arg(json::object{{"userId", p.user_id}, {"username", p.username}}));
  };
  // With --redis the lobby is the cluster's (docs/cluster.md "Moderation").
  if (ctx_->cluster) {
    for (const auto& w : cv_.lobby()) show(w.info);
    return;
  }
  for (const auto& w : state_.lobby()) show(w.m.info);
}

template <class Write>
void room::ack_after(Write write, const socketio::ack& reply) {
  write(ack_when_stored(reply));
}

std::function<void(domain::outcome<void>)> room::ack_when_stored(socketio::ack reply) {
  return [self = shared_from_this(), reply = std::move(reply)](domain::outcome<void> stored) {
    self->on_strand([stored = std::move(stored), reply](room& r) {
      if (stored) return reply(one_arg(ok()));
      log::warn("moderation_not_stored",
                {{"meeting", r.log_id_}, {"error", domain::code_name(stored.error().code)}});
      reply(one_arg(error_body(errc::internal_error)));
    });
  };
}

void room::react(std::string socket_id, std::string emoji, socketio::ack reply) {
  on_strand(
      [id = std::move(socket_id), emoji = std::move(emoji), reply = std::move(reply)](room& r) {
        const member* who = r.state_.find(id);
        if (!who) return reply(one_arg(error_body(errc::not_in_room)));
        json::object body{{"socketId", id}, {"userId", who->info.user_id}, {"emoji", emoji}};
        if (r.ctx_->cluster)
          return r.cluster_emit("reaction", std::move(body), [reply](bool sent) {
            reply(one_arg(sent ? ok() : error_body(errc::unavailable)));
          });
        r.ctx_->nsp.to(r.channel_).emit("reaction", one_arg(std::move(body)));
        reply(one_arg(ok()));
      });
}

}  // namespace parley::signaling
