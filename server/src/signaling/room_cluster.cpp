// A room whose meeting is shared by several processes (docs/cluster.md "Membership"): joins,
// leaves and flag changes go through Redis scripts, and every process (this one included)
// turns the meeting channel's changes into emits to its own sockets, in the one order Redis
// published them. The joiner's own process completes its join when the change comes back.
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "core/log.hpp"
#include "domain/views.hpp"
#include "signaling/context.hpp"
#include "signaling/member_session.hpp"
#include "signaling/room.hpp"
#include "socketio/socket.hpp"

namespace parley::signaling {

namespace json = boost::json;

namespace {

/// {seq, moderation, lobby, entry...} (cluster/scripts.hpp).
std::vector<remote_member> parse_snapshot(const cluster::redis_reply& r, long long& seq) {
  std::vector<remote_member> out;
  seq = r.elements.front().integer;
  for (std::size_t i = 3; i < r.elements.size(); ++i) {
    boost::system::error_code ec;
    json::value v = json::parse(r.elements[i].str, ec);
    remote_member m;
    if (!ec && parse_cluster_entry(v, m.info, m.process))
      out.push_back(std::move(m));
    else
      log::warn("cluster_entry_dropped", {{"entry", r.elements[i].str.substr(0, 200)}});
  }
  return out;
}
}  // namespace

std::string room::remote_process(std::string_view socket_id) const {
  return cv_.process_of(socket_id);
}

void room::cluster_lost() {
  on_strand([](room& r) {
    ++r.rebuild_gen_;  // a rebuild under way answers to a connection that is gone
    for (auto& p : std::exchange(r.pending_, {})) {
      r.store_left(p.who.user_id);
      p.session->settle(p.reply, one_arg(error_body(errc::unavailable)), &r);
    }
    // Held joins can no longer be admitted from another process: never left hanging. Their
    // unwait is owed to Redis until it is back (docs/cluster.md "Losing Redis").
    for (auto& w : r.state_.take_all_waiting()) {
      r.ctx_->cluster->unwait(r.meeting_id_, w.m.info.socket_id);
      if (auto s = w.m.session.lock()) r.refuse_join(s, w.reply, errc::unavailable);
    }
    for (auto& [seq, then] : std::exchange(r.changes_, {})) then(r, false);
    // A snapshot that will never come: what waits for it sees the view unsynced (unavailable).
    if (r.cv_.state() == cluster_view::sync::syncing) r.sync_failed();
  });
}

void room::with_sync(std::function<void(room&)> then) {
  if (cv_.state() == cluster_view::sync::synced) return then(*this);
  after_sync_.push_back(std::move(then));
  if (cv_.state() == cluster_view::sync::syncing) return;
  cv_.set_state(cluster_view::sync::syncing);
  // Subscribed first, then the snapshot: a change published in between is both in the
  // snapshot and on the channel, and advance() drops the second copy.
  // docs/cluster.md "Moderation": the store's state seeds Redis when Redis has none yet.
  std::string seed = state_.loaded() ? cluster_moderation(state_.host_id(), state_.record()) : "";
  ctx_->cluster->watch(meeting_id_, [self = shared_from_this(), seed = std::move(seed)] {
    self->on_strand([seed](room& r) { r.read_snapshot(seed, false); });
  });
}

void room::read_snapshot(std::string seed, bool rebuild) {
  ctx_->cluster->snapshot(
      meeting_id_,
      [self = shared_from_this(), rebuild](const cluster::redis_reply& r) {
        self->on_strand([r, rebuild](room& rm) { rm.install_snapshot(r, rebuild); });
      },
      seed);
}

void room::sync_failed() {
  cv_.set_state(cluster_view::sync::none);
  for (auto& w : std::exchange(after_sync_, {})) w(*this);  // each sees it unsynced: unavailable
}

void room::install_snapshot(const cluster::redis_reply& r, bool rebuild) {
  if (r.type != cluster::redis_reply::kind::array || r.elements.size() < 3 ||
      r.elements[0].type != cluster::redis_reply::kind::integer)
    return sync_failed();
  long long seq = 0;
  auto list = parse_snapshot(r, seq);
  install_moderation(r.elements[1].str, r.elements[2].str);
  // A first sync's snapshot arriving during a rebuild is installed like the rebuild's own.
  if (rebuilding_)
    install_rebuilt(seq, std::move(list));
  else
    cv_.install(seq, std::move(list));
  if (rebuild) rebuilding_ = false;
  cv_.set_state(cluster_view::sync::synced);
  for (auto& m : std::exchange(early_, {})) apply(m);
  changes_applied();  // a snapshot can cover changes no message brought yet
  for (auto& w : std::exchange(after_sync_, {})) w(*this);
}

void room::cluster_admit(const std::shared_ptr<member_session>& session,
                         std::shared_ptr<socketio::socket> sock, participant who,
                         const domain::meeting& meeting, const socketio::ack& reply) {
  const auto refuse_now = [&](errc e) {
    store_left(who.user_id);
    session->settle(reply, one_arg(error_body(e)), this);
  };
  if (state_.ended()) return refuse_now(errc::meeting_ended);
  if (state_.find(who.socket_id)) return refuse_now(errc::already_in_room);
  if (!ctx_->cluster->up()) return refuse_now(errc::unavailable);
  const std::string sid = who.socket_id;
  const std::string user = who.user_id;
  const std::string entry = cluster_entry(who, ctx_->cluster->id());
  // A join let in from the lobby passes the lock and the lobby in the script too.
  const bool admitted = std::erase(admitted_, sid) > 0;
  pending_.push_back({session, std::move(sock), std::move(who), meeting, reply, 0});
  with_sync([sid, user, entry, admitted](room& r) {
    if (r.cv_.state() != cluster_view::sync::synced) return r.cluster_joined(sid, -100);
    r.ctx_->cluster->join(
        r.meeting_id_, sid, entry, r.capacity(),
        [self = r.shared_from_this(), sid](long long seq) {
          self->on_strand([sid, seq](room& rm) { rm.cluster_joined(sid, seq); });
        },
        user, admitted);
  });
}

void room::cluster_joined(const std::string& socket_id, long long seq) {
  auto it = std::find_if(pending_.begin(), pending_.end(),
                         [&](const pending_join& p) { return p.who.socket_id == socket_id; });
  if (it == pending_.end()) return;
  if (seq <= 0) {
    pending_join p = std::move(*it);
    pending_.erase(it);
    store_left(p.who.user_id);
    // The lobby went on after this join passed this process's gate: Redis is the one truth
    // (docs/cluster.md "Moderation"), so it is held after all.
    if (seq == -6) return cluster_hold(p.session, std::move(p.sock), std::move(p.who), p.reply);
    p.session->settle(p.reply, one_arg(error_body(from_script_code(seq))), this);
    return;
  }
  it->seq = seq;
  // The change may already have come back on the channel (two connections, either first).
  if (cv_.seq() >= seq) {
    pending_join p = std::move(*it);
    pending_.erase(it);
    finish_admit(std::move(p));
  }
}

void room::finish_admit(pending_join p) {
  const std::string& sid = p.who.socket_id;
  if (p.session->closed()) {  // its remove() found nothing here: leave the cluster for it
    ctx_->cluster->leave(meeting_id_, sid, "disconnect");
    store_left(p.who.user_id);
    p.session->settle({}, {}, this);
    return;
  }
  if (auto refused = state_.admit({p.who, p.sock, p.session})) {
    ctx_->cluster->leave(meeting_id_, sid, "refused");
    store_left(p.who.user_id);
    p.session->settle(p.reply, one_arg(error_body(*refused)), this);
    return;
  }
  p.sock->join(channel_);
  ctx_->metrics.participants.inc();
  ctx_->metrics.joins.inc();
  p.sock->emit("existing-participants", one_arg(cv_.participants(sid)));
  log::info("meeting_joined", {{"meeting", log_id_},
                               {"userId", p.who.user_id},
                               {"socketId", sid},
                               {"participants", cv_.size()},
                               {"process", ctx_->cluster->id()}});
  if (p.who.role != "participant") show_lobby(*p.sock);
  json::object ack{{"ok", true}};
  ack["meeting"] = domain::meeting_json(p.meeting);
  ack["participants"] = cv_.participants();
  ack["role"] = p.who.role;
  ack["settings"] = state_.settings();
  ack["topology"] = topology_on_join(*p.sock);
  p.session->settle_in_order(p.reply, one_arg(std::move(ack)));
}

// docs/cluster.md "Membership": user-left comes back on the meeting channel. Until this
// process applied the leave, the leaver still hears the room's broadcasts (every change the
// cluster ordered before its leave, as on one process); then it leaves the Socket.IO room and
// gets its ack. Without Redis, at once (the leave is owed).
void room::cluster_leave(const std::string& socket_id, const std::string& reason,
                         std::shared_ptr<socketio::socket> sock, const socketio::ack& reply) {
  leaving_.push_back(sock);
  const auto done = [sock, reply](room& r, bool) {
    sock->leave(r.channel_);
    std::erase(r.leaving_, sock);
    reply(one_arg(json::object{{"ok", true}}));
  };
  ctx_->cluster->leave(
      meeting_id_, socket_id, reason, [self = shared_from_this(), done](long long seq) {
        // The room lives until then: the waiter holds it (its last member
        // may be this one).
        self->on_strand([self, seq, done](room& r) {
          r.after_change(seq > 0 ? seq : 0, [self, done](room& rm, bool ok) { done(rm, ok); });
        });
      });
}

void room::cluster_event(cluster_message m) {
  on_strand([m = std::move(m)](room& r) mutable {
    if (r.cv_.state() != cluster_view::sync::synced) {
      if (r.cv_.state() == cluster_view::sync::syncing) r.early_.push_back(std::move(m));
      return;
    }
    r.apply(m);
  });
}

void room::apply(cluster_message& m) {
  apply_one(m);
  changes_applied();
}

void room::apply_one(cluster_message& m) {
  using k = cluster_message::kind;
  switch (m.type) {
    case k::join:
      return apply_join(m);
    case k::leave:
      if (!cv_.advance(m.seq) || !cv_.remove(m.socket_id)) return;
      // A leaver of this process still in the Socket.IO room (cluster_leave) is not told.
      ctx_->nsp.to(channel_)
          .except(m.socket_id)
          .emit("user-left",
                one_arg(json::object{{"userId", m.user_id}, {"socketId", m.socket_id}}));
      return;
    case k::update:
      return apply_update(m);
    case k::emit:
      ctx_->nsp.to(channel_).emit(m.event, one_arg(std::move(m.body)));
      return;
    case k::end:
      return do_end(nullptr, {});
    case k::wait:
      return apply_wait(m);
    case k::resolve:
      return apply_resolve(m);
    case k::mute:
      return apply_mute(m);
    case k::ban:
      return apply_ban(m);
    case k::role:
      return apply_role(m);
    case k::settings:
      return apply_settings(m);
    case k::relay:
    case k::revoke:
    case k::ask:
      return;  // not meeting channel messages (cluster_bridge drops them)
  }
}

void room::apply_join(cluster_message& m) {
  if (!cv_.advance(m.seq)) return;
  const std::string sid = m.who.socket_id;
  // docs/cluster.md "Losing Redis": a member re-registered after Redis came back is in every
  // list here already; it moves to the end (Redis's order), and nobody is told it joined.
  if (cv_.remove(sid)) {
    std::erase(unconfirmed_, sid);
  } else {
    // The joiner's socket is not in the channel yet: this reaches the others only.
    ctx_->nsp.to(channel_).emit("user-joined", one_arg(m.who.to_json()));
  }
  cv_.add({std::move(m.who), std::move(m.process)});
  // Our own join, completed now, as of its own change, even if the script's answer has not
  // come yet (seq 0): later, the list would hold the joins after it (the joiner not last).
  auto it = std::find_if(pending_.begin(), pending_.end(), [&](const pending_join& p) {
    return p.who.socket_id == sid && (p.seq == m.seq || p.seq == 0);
  });
  if (it == pending_.end()) return;
  pending_join p = std::move(*it);
  pending_.erase(it);
  finish_admit(std::move(p));
}

void room::apply_update(const cluster_message& m) {
  if (!cv_.advance(m.seq)) return;
  auto who = cv_.patch(m.socket_id, m.patch);
  if (!who) return;
  if (m.event == "media-state") {
    ctx_->nsp.to(channel_).except(who->socket_id).emit("media-state", one_arg(who->media_json()));
  } else {
    ctx_->nsp.to(channel_).emit("raise-hand", one_arg(json::object{{"socketId", who->socket_id},
                                                                   {"userId", who->user_id},
                                                                   {"raised", who->raised}}));
  }
}

}  // namespace parley::signaling

namespace parley::signaling {

void room::cluster_update(const std::string& socket_id, json::object patch, std::string event,
                          const socketio::ack& reply) {
  ctx_->cluster->update(
      meeting_id_, socket_id, json::serialize(patch), event, [reply](long long seq) {
        reply(one_arg(seq > 0 ? json::object{{"ok", true}} : error_body(errc::unavailable)));
      });
}

void room::cluster_emit(std::string event, json::object body, std::function<void(bool)> done) {
  json::object msg{{"t", "emit"}, {"event", std::move(event)}, {"body", std::move(body)}};
  ctx_->cluster->publish_meeting(meeting_id_, json::serialize(msg),
                                 [done = std::move(done)](long long n) { done(n >= 0); });
}

}  // namespace parley::signaling
