#include "signaling/cluster_bridge.hpp"

#include "core/log.hpp"
#include "signaling/cluster_message.hpp"
#include "signaling/context.hpp"
#include "signaling/room.hpp"
#include "socketio/broadcast.hpp"
#include "socketio/socket.hpp"

namespace parley::signaling {
namespace {

void dropped(std::string_view where, const std::string& payload) {
  log::warn("cluster_message_dropped",
            {{"channel", where}, {"bytes", payload.size()}, {"start", payload.substr(0, 80)}});
}

}  // namespace

void cluster_bridge::on_meeting_message(const std::string& meeting_id, std::string payload) {
  auto ctx = ctx_.lock();
  if (!ctx) return;
  auto m = parse_cluster_message(payload);
  if (!m || !m->meeting_scoped()) return dropped("meeting", payload);
  if (auto r = ctx->rooms.find(meeting_id)) r->cluster_event(std::move(*m));
}

// docs/cluster.md "Relays": delivered only to a socket of this process that is a member of
// the named meeting's room.
void cluster_bridge::on_process_message(std::string payload) {
  auto ctx = ctx_.lock();
  if (!ctx) return;
  auto m = parse_cluster_message(payload);
  if (m && m->type == cluster_message::kind::revoke) {
    // docs/cluster.md "Sign-out": the token is dead on every process, its sockets too.
    ctx->svc->account_service().forget_session(m->session_id);
    ctx->nsp.to(session_channel(m->session_id)).disconnect_sockets();
    return;
  }
  if (!m || (m->type != cluster_message::kind::relay && m->type != cluster_message::kind::ask))
    return dropped("process", payload);
  auto target = ctx->nsp.find(m->socket_id);
  auto r = ctx->rooms.find(m->meeting_id);
  if (!target || !r || !ctx->nsp.find_in_room(m->socket_id, r->channel(), *target)) return;
  if (m->type == cluster_message::kind::relay)
    return target->emit(m->event, one_arg(std::move(m->body)));
  // docs/cluster.md "Moderation": ask-unmute for a socket of this process.
  target->emit("unmute-request", one_arg(boost::json::object{{"kind", m->choice},
                                                             {"bySocket", m->by.socket_id},
                                                             {"byUserId", m->by.user_id},
                                                             {"byUsername", m->by.username}}));
}

void cluster_bridge::on_lost() {
  if (auto ctx = ctx_.lock())
    for (auto& r : ctx->rooms.all()) r->cluster_lost();
}

// docs/cluster.md "Losing Redis": every live room rebuilds what this process holds.
void cluster_bridge::on_back() {
  if (auto ctx = ctx_.lock())
    for (auto& r : ctx->rooms.all()) r->cluster_back();
}

// docs/cluster.md "Keys": a meeting this process has a room for is live; its keys are kept.
std::vector<std::string> cluster_bridge::held_meetings() {
  auto ctx = ctx_.lock();
  return ctx ? ctx->rooms.meeting_ids() : std::vector<std::string>{};
}

void cluster_bridge::on_reaped(const std::string& meeting_id, const std::string& user_id) {
  auto ctx = ctx_.lock();
  if (!ctx || user_id.empty()) return;
  ctx->svc->async_leave(user_id, meeting_id, [meeting_id, user_id](domain::outcome<void> r) {
    if (!r && r.error().code != domain::errc::not_found)
      log::warn("cluster_leave_not_stored", {{"userId", user_id}});
  });
}

}  // namespace parley::signaling
