// room's lobby when the meeting spans processes (docs/cluster.md "Moderation"), with
// --redis only: a held join stays on its own process (its socket, its pending ack) and is
// entered in the cluster's lobby by the wait script; admits and denies from any process come
// back as one resolve change, which the holding process turns into the join or `denied`.
#include <algorithm>

#include "core/log.hpp"
#include "signaling/context.hpp"
#include "signaling/member_session.hpp"
#include "signaling/room.hpp"
#include "socketio/socket.hpp"

namespace parley::signaling {

namespace json = boost::json;

void room::cluster_hold(const std::shared_ptr<member_session>& session,
                        std::shared_ptr<socketio::socket> sock, participant who,
                        const socketio::ack& reply) {
  const std::string sid = who.socket_id;
  const std::string user = who.user_id;
  const std::string entry = cluster_entry(who, ctx_->cluster->id());
  log::info("lobby_waiting", {{"meeting", log_id_}, {"userId", user}});
  state_.wait({member{std::move(who), std::move(sock), session}, reply});
  ctx_->cluster->wait(meeting_id_, sid, entry, user,
                      [self = shared_from_this(), sid](long long seq) {
                        self->on_strand([sid, seq](room& r) { r.cluster_held(sid, seq); });
                      });
}

void room::cluster_held(const std::string& socket_id, long long seq) {
  const auto& lobby = state_.lobby();
  auto it = std::find_if(lobby.begin(), lobby.end(),
                         [&](const waiting& w) { return w.m.info.socket_id == socket_id; });
  if (it == lobby.end()) return;  // resolved, or its socket closed, meanwhile
  if (seq > 0) {
    it->m.socket->emit("lobby-waiting", one_arg(json::object{{"meetingId", meeting_id_}}));
    return;
  }
  auto w = state_.drop_waiting(socket_id);
  auto session = w->m.session.lock();
  if (!session) return;
  // -7: no lobby for it any more (turned off, or it became a cohost): it joins at once.
  if (seq == -7)
    return record_join(std::move(session), std::move(w->m.socket), std::move(w->m.info),
                       std::move(w->reply));
  refuse_join(session, w->reply, from_script_code(seq));
}

void room::apply_wait(cluster_message& m) {
  if (!cv_.advance(m.seq)) return;
  const bool first = !cv_.holds_user(m.who.user_id);
  json::object request{{"userId", m.who.user_id}, {"username", m.who.username}};
  cv_.hold({std::move(m.who), std::move(m.process)});
  if (first) to_moderators("lobby-request", request);
}

void room::apply_resolve(cluster_message& m) {
  if (!cv_.advance(m.seq)) return;
  const bool admitted = m.choice == "admitted";
  std::vector<std::string> told_users;
  for (const auto& e : m.waiting) cv_.let_go(e.who.socket_id);
  for (auto& e : m.waiting) {
    const std::string& user = e.who.user_id;
    // "left": told once the user's last held join is gone, as on one process.
    const bool tell = std::find(told_users.begin(), told_users.end(), user) == told_users.end() &&
                      (m.choice != "left" || !cv_.holds_user(user));
    if (tell) {
      told_users.push_back(user);
      to_moderators("lobby-resolved", {{"userId", user}, {"outcome", m.choice}});
    }
    if (m.choice == "left" || e.process != ctx_->cluster->id()) continue;
    auto w = state_.drop_waiting(e.who.socket_id);
    if (!w) continue;
    auto session = w->m.session.lock();
    if (!session) continue;
    if (admitted) {
      admitted_.push_back(w->m.info.socket_id);
      record_join(std::move(session), std::move(w->m.socket), std::move(w->m.info),
                  std::move(w->reply));
    } else {
      w->m.socket->emit("denied", one_arg(json::object{{"meetingId", meeting_id_}}));
      refuse_join(session, w->reply, errc::denied);
    }
  }
}

}  // namespace parley::signaling
