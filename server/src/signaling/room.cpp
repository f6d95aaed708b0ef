#include "signaling/room.hpp"

#include "auth/ids.hpp"
#include "core/log.hpp"
#include "domain/views.hpp"
#include "sfu/messages.hpp"
#include "signaling/context.hpp"
#include "signaling/member_session.hpp"
#include "socketio/socket.hpp"

namespace parley::signaling {

namespace json = boost::json;

namespace {
json::object ok() {
  return {{"ok", true}};
}

/// How the log names a meeting (docs/signaling.md "Observability"): the id is the credential
/// of a meeting without a password, so the log carries 48 bits of its SHA-256 instead.
std::string log_name(std::string_view meeting_id) {
  return auth::token_hash(meeting_id).substr(0, 12);
}
}  // namespace

room::room(std::shared_ptr<context> ctx, std::string meeting_id)
    : ctx_(std::move(ctx)),
      meeting_id_(std::move(meeting_id)),
      log_id_(log_name(meeting_id_)),
      channel_(meeting_channel(meeting_id_)),
      strand_(net::make_strand(ctx_->ex)) {
  ctx_->metrics.rooms.inc();
  ctx_->metrics.meetings_mesh.inc();
}

room::~room() {
  ctx_->metrics.rooms.dec();
  (sfu_.mode == topology::sfu ? ctx_->metrics.meetings_sfu : ctx_->metrics.meetings_mesh).dec();
  if (sfu_.janus_room && ctx_->janus)  // normally gone already (room_topology.cpp)
    ctx_->janus->control(sfu::room_destroy(sfu_.janus_room, sfu_.room_secret), [](sfu::answer) {});
  ctx_->rooms.forget(meeting_id_, this);
  if (ctx_->cluster && cv_.state() != cluster_view::sync::none) ctx_->cluster->unwatch(meeting_id_);
}

void room::admit(std::shared_ptr<member_session> session, std::shared_ptr<socketio::socket> sock,
                 participant who, domain::meeting meeting, socketio::ack reply) {
  on_strand([session = std::move(session), sock = std::move(sock), who = std::move(who),
             meeting = std::move(meeting), reply = std::move(reply)](room& r) mutable {
    r.do_admit(session, std::move(sock), std::move(who), meeting, reply);
  });
}

void room::do_admit(const std::shared_ptr<member_session>& session,
                    std::shared_ptr<socketio::socket> sock, participant who,
                    const domain::meeting& meeting, const socketio::ack& reply) {
  // The session's disconnect sets closed() before it posts its remove() here, so either we
  // see it closed now, or that remove runs after this admit and undoes it.
  if (session->closed()) {
    store_left(who.user_id);
    session->settle({}, {}, this);
    return;
  }
  who.role = std::string(role_name(state_.role_of(who.user_id)));
  const bool moderator = who.role != "participant";
  if (ctx_->cluster) return cluster_admit(session, std::move(sock), std::move(who), meeting, reply);
  std::optional<errc> refused;
  if (full(who.socket_id)) refused = errc::meeting_full;
  if (!refused) refused = state_.admit({who, sock, session});
  if (refused) {
    store_left(who.user_id);
    session->settle(reply, one_arg(error_body(*refused)), this);
    return;
  }
  sock->join(channel_);
  ctx_->metrics.participants.inc();
  ctx_->metrics.joins.inc();
  json::array everyone = state_.participants();
  json::array existing(everyone.begin(), everyone.end() - 1);  // the joiner is last
  sock->emit("existing-participants", one_arg(std::move(existing)));
  ctx_->nsp.to(channel_).except(who.socket_id).emit("user-joined", one_arg(who.to_json()));
  log::info("meeting_joined", {{"meeting", log_id_},
                               {"userId", who.user_id},
                               {"socketId", who.socket_id},
                               {"participants", state_.size()}});
  if (moderator) show_lobby(*sock);  // a host arriving sees who is waiting
  json::object topology = topology_on_join(*sock);
  // docs/recording.md "Signaling": a joiner hears at once whether the meeting records.
  sock->emit("recording", one_arg(rec_.to_json()));
  json::object ack = ok();
  ack["meeting"] = domain::meeting_json(meeting);
  ack["participants"] = std::move(everyone);
  ack["role"] = who.role;
  ack["settings"] = state_.settings();
  ack["topology"] = std::move(topology);
  ack["recording"] = rec_.to_json();
  session->settle_in_order(reply, one_arg(std::move(ack)));
}

void room::remove(std::string socket_id, std::string reason, socketio::ack reply) {
  on_strand([id = std::move(socket_id), reason = std::move(reason),
             reply = std::move(reply)](room& r) { r.do_remove(id, reason, reply); });
}

void room::do_remove(const std::string& socket_id, const std::string& reason,
                     const socketio::ack& reply) {
  // Its SFU connections close first: the others hear sfu-feed-removed before user-left.
  for (const auto& pc : sfu_.pcs_of(socket_id)) drop_pc(pc);
  auto gone = state_.remove(socket_id);
  if (!gone) {
    // A socket waiting in the lobby that closed: gone from the hosts' requests once it was
    // its user's last waiting socket.
    // With --redis, lobby-resolved comes back on the meeting channel from the unwait script.
    if (auto w = state_.drop_waiting(socket_id); w && ctx_->cluster)
      ctx_->cluster->unwait(meeting_id_, socket_id);
    else if (w && !state_.is_waiting(w->m.info.user_id))
      to_moderators("lobby-resolved", {{"userId", w->m.info.user_id}, {"outcome", "left"}});
    reply(one_arg(error_body(errc::not_in_room)));
    return;
  }
  ctx_->metrics.participants.dec();
  ctx_->metrics.leaves.inc();
  if (ctx_->cluster) {
    cluster_leave(socket_id, reason, gone->socket, reply);
  } else {
    gone->socket->leave(channel_);
    ctx_->nsp.to(channel_).emit("user-left", one_arg(json::object{{"userId", gone->info.user_id},
                                                                  {"socketId", socket_id}}));
    reply(one_arg(ok()));
  }
  store_left(gone->info.user_id);
  topology_on_leave();
  log::info("meeting_left", {{"meeting", log_id_},
                             {"userId", gone->info.user_id},
                             {"socketId", socket_id},
                             {"reason", reason},
                             {"participants", state_.size()}});
}

void room::update_media(std::string socket_id, media_request m, socketio::ack reply) {
  on_strand([id = std::move(socket_id), m, reply = std::move(reply)](room& r) {
    member* who = r.state_.find(id);
    if (!who) return reply(one_arg(error_body(errc::not_in_room)));
    who->info.audio = m.audio;
    who->info.video = m.video;
    who->info.screen = m.screen;
    if (r.ctx_->cluster)
      return r.cluster_update(id, {{"audio", m.audio}, {"video", m.video}, {"screen", m.screen}},
                              "media-state", reply);
    r.ctx_->nsp.to(r.channel_).except(id).emit("media-state", one_arg(who->info.media_json()));
    reply(one_arg(ok()));
  });
}

void room::raise_hand(std::string socket_id, bool raised, socketio::ack reply) {
  on_strand([id = std::move(socket_id), raised, reply = std::move(reply)](room& r) {
    member* who = r.state_.find(id);
    if (!who) return reply(one_arg(error_body(errc::not_in_room)));
    who->info.raised = raised;
    if (r.ctx_->cluster) return r.cluster_update(id, {{"raised", raised}}, "raise-hand", reply);
    r.ctx_->nsp.to(r.channel_)
        .emit("raise-hand",
              one_arg(json::object{
                  {"socketId", id}, {"userId", who->info.user_id}, {"raised", raised}}));
    reply(one_arg(ok()));
  });
}

void room::broadcast_chat(json::object message, std::shared_ptr<member_session> sender,
                          socketio::ack reply) {
  on_strand([message = std::move(message), sender = std::move(sender),
             reply = std::move(reply)](room& r) mutable {
    json::object ack = ok();
    ack["message"] = message;
    if (r.ctx_->cluster)
      return r.cluster_emit("chat-message", std::move(message), [sender, reply, ack](bool sent) {
        sender->settle(reply, one_arg(sent ? json::value(ack) : error_body(errc::unavailable)));
      });
    r.ctx_->nsp.to(r.channel_).emit("chat-message", one_arg(std::move(message)));
    r.ctx_->metrics.chat_messages.inc();
    sender->settle(std::move(reply), one_arg(std::move(ack)));
  });
}

void room::end(std::shared_ptr<member_session> by, socketio::ack reply) {
  on_strand([by = std::move(by), reply = std::move(reply)](room& r) { r.do_end(by, reply); });
}

void room::do_end(const std::shared_ptr<member_session>& by, const socketio::ack& reply) {
  const auto answer = [&] {
    if (by)
      by->settle(reply, one_arg(ok()));
    else
      reply(one_arg(ok()));
  };
  if (state_.ended()) return answer();
  for (auto& w : state_.take_all_waiting()) {
    w.m.socket->emit("meeting-ended", one_arg(json::object{{"meetingId", meeting_id_}}));
    if (auto s = w.m.session.lock()) refuse_join(s, w.reply, errc::meeting_ended);
  }
  std::vector<member> evicted = state_.end();
  stop_recording("meeting ended");  // before the handles go: Janus closes the files first
  release_sfu(true);                // every handle detached, the VideoRoom destroyed
  // Each session forgets the room before meeting-ended reaches it (both are posted to its
  // strand, in this order), so what a client sends on hearing it finds the socket in no room.
  for (auto& m : evicted)
    if (auto s = m.session.lock()) s->evicted(this);
  // Those who left before the end are out first (cluster_leave keeps them in until then).
  for (auto& s : leaving_) s->leave(channel_);
  // Told while they are still in the Socket.IO room: one encode for everyone.
  ctx_->nsp.to(channel_).emit("meeting-ended", one_arg(json::object{{"meetingId", meeting_id_}}));
  for (auto& m : evicted) m.socket->leave(channel_);
  ctx_->metrics.participants.add(-static_cast<double>(evicted.size()));
  ctx_->metrics.leaves.inc(evicted.size());
  ctx_->metrics.meetings_ended.inc();
  for (auto& m : evicted) store_left(m.info.user_id);
  log::info("meeting_ended", {{"meeting", log_id_}, {"evicted", evicted.size()}});
  answer();
}

bool room::full(const std::string& socket_id) const {
  // With --redis, the members on every process (the join script checks again, atomically).
  const std::size_t n = ctx_->cluster ? cv_.size() : state_.size();
  return !state_.find(socket_id) && n >= capacity();
}

void room::store_left(const std::string& user_id) {
  for (const auto& m : state_.members()) {
    if (m.info.user_id == user_id) return;  // another tab of the same user is still here
  }
  ctx_->svc->async_leave(
      user_id, meeting_id_, [meeting = meeting_id_, user_id](domain::outcome<void> r) {
        if (!r && r.error().code != domain::errc::not_found) {
          log::warn("meeting_leave_not_stored", {{"meeting", log_name(meeting)},
                                                 {"userId", user_id},
                                                 {"error", domain::code_name(r.error().code)}});
        }
      });
}

}  // namespace parley::signaling
