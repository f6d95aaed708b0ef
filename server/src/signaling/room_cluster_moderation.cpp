// room's moderation when the meeting spans processes (docs/cluster.md "Moderation"), with
// --redis only. The meeting's roles, bans, lock, lobby flag and held joins live in Redis: each
// moderation event runs one script (cluster/scripts.hpp) that changes them and publishes the
// change on the meeting channel, and every process, this one included, applies it to its own
// sockets in the channel's one order. The moderator's ack waits until its own process applied
// the change and, for what persists, the store has it.
#include <algorithm>
#include <boost/json/serialize.hpp>
#include <iterator>

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

std::string by_json(const participant& by) {
  return json::serialize(
      json::object{{"socketId", by.socket_id}, {"userId", by.user_id}, {"username", by.username}});
}

/// muted / unmute-request: {kind, bySocket, byUserId, byUsername}.
json::object told(const std::string& kind, const participant& by) {
  json::object o{{"kind", kind}};
  return by.add_as_actor(o);
}

remote_member from_entry(cluster_entry_of e) {
  return {std::move(e.who), std::move(e.process)};
}

}  // namespace

void room::after_change(long long seq, change_done then) {
  if (cv_.seq() >= seq) return then(*this, true);
  changes_.emplace_back(seq, std::move(then));
}

void room::changes_applied() {
  if (changes_.empty()) return;
  auto due = std::stable_partition(changes_.begin(), changes_.end(),
                                   [&](const auto& c) { return c.first > cv_.seq(); });
  std::vector<std::pair<long long, change_done>> run(std::make_move_iterator(due),
                                                     std::make_move_iterator(changes_.end()));
  changes_.erase(due, changes_.end());
  for (auto& [seq, then] : run) then(*this, true);
}

void room::install_moderation(const std::string& mod, const std::string& lobby) {
  std::string host;
  store::moderation_record rec;
  if (!mod.empty()) {
    if (parse_cluster_moderation(mod, host, rec)) {
      state_.replace(std::move(host), rec);
      loaded_.store(true, std::memory_order_release);
    } else {
      log::warn("cluster_moderation_dropped", {{"meeting", log_id_}, {"bytes", mod.size()}});
    }
  }
  std::vector<cluster_entry_of> held;
  if (!parse_cluster_lobby(lobby, held)) {
    log::warn("cluster_lobby_dropped", {{"meeting", log_id_}, {"bytes", lobby.size()}});
    held.clear();
  }
  std::vector<remote_member> l;
  for (auto& e : held) l.push_back(from_entry(std::move(e)));
  cv_.set_lobby(std::move(l));
}

std::optional<errc> room::cluster_may_moderate(const std::string& sender, const std::string& target,
                                               std::optional<remote_member>& found) const {
  const member* s = state_.find(sender);
  if (!s) return errc::not_in_room;
  const role mine = state_.role_of(s->info.user_id);
  if (mine == role::participant) return errc::not_host;
  if (target.empty()) return std::nullopt;
  if (target == sender) return errc::invalid_target;
  found = cv_.find(target);
  if (!found) return errc::not_in_room;
  if (state_.role_of(found->info.user_id) == role::host && mine != role::host)
    return errc::not_host;
  return std::nullopt;
}

void room::on_change(long long seq, long long n, bool need_change, const socketio::ack& reply,
                     std::function<void(room&, long long, const socketio::ack&)> then) {
  if (seq < 0) return reply(one_arg(error_body(errc::unavailable)));
  if (seq == 0) {
    if (need_change) return reply(one_arg(error_body(errc::not_in_room)));
    return then(*this, 0, reply);
  }
  after_change(seq, [n, reply, then = std::move(then)](room& r, bool applied) {
    if (!applied) return reply(one_arg(error_body(errc::unavailable)));
    then(r, n, reply);
  });
}

void room::cluster_moderate(const moderation_request& req, const std::string& sender,
                            const socketio::ack& reply) {
  using op = moderation_op;
  const bool targeted = req.op == op::mute || req.op == op::ask_unmute || req.op == op::remove ||
                        req.op == op::set_role;
  std::optional<remote_member> target;
  if (auto refused = cluster_may_moderate(sender, targeted ? req.target : std::string(), target))
    return reply(one_arg(error_body(*refused)));
  const participant by = state_.find(sender)->info;
  cluster::node& c = *ctx_->cluster;
  // A script's {seq, n} arrives on a Redis strand: onto ours, then on_change.
  const auto change = [self = shared_from_this(), reply](
                          bool need_change,
                          std::function<void(room&, long long, const socketio::ack&)> then) {
    return [self, reply, need_change, then = std::move(then)](long long seq, long long n) {
      self->on_strand(
          [=](room& r) mutable { r.on_change(seq, n, need_change, reply, std::move(then)); });
    };
  };
  const auto with_count = [](const char* field) {
    return [field](room&, long long n, const socketio::ack& rep) {
      json::object ack = ok();
      ack[field] = n;
      rep(one_arg(std::move(ack)));
    };
  };
  switch (req.op) {
    case op::mute:
    case op::mute_all: {
      json::array targets;
      if (target) {
        targets.emplace_back(target->info.socket_id);
      } else {
        for (const auto& m : cv_.members())
          if (m.info.socket_id != sender) targets.emplace_back(m.info.socket_id);
      }
      return c.mute(meeting_id_, req.kind, by_json(by), json::serialize(targets),
                    change(req.op == op::mute, with_count("muted")));
    }
    case op::ask_unmute: {
      if (auto* local = state_.find(target->info.socket_id)) {
        local->socket->emit("unmute-request", one_arg(told(req.kind, by)));
        return reply(one_arg(ok()));
      }
      // Only to the process holding the target's socket (docs/cluster.md "Moderation").
      json::object msg{{"t", "ask"},
                       {"m", meeting_id_},
                       {"to", target->info.socket_id},
                       {"kind", req.kind},
                       {"by", json::object{{"socketId", by.socket_id},
                                           {"userId", by.user_id},
                                           {"username", by.username}}}};
      return c.send_to(target->process, json::serialize(msg), [reply](long long n) {
        if (n >= 1) return reply(one_arg(ok()));
        reply(one_arg(error_body(n == 0 ? errc::not_in_room : errc::unavailable)));
      });
    }
    case op::remove: {
      const std::string user = target->info.user_id;
      log::info("participant_removed",
                {{"meeting", log_id_}, {"userId", user}, {"by", by.user_id}});
      return c.ban(meeting_id_, user, by_json(by),
                   change(false, [user](room& r, long long, const socketio::ack& rep) {
                     r.ctx_->svc->async_ban(r.meeting_id_, user, r.ack_when_stored(rep));
                   }));
    }
    case op::set_role: {
      const std::string user = target->info.user_id;
      if (user == state_.host_id()) return reply(one_arg(error_body(errc::invalid_target)));
      const bool cohost = req.kind == "cohost";
      return c.set_role(meeting_id_, user, req.kind,
                        change(false, [user, cohost](room& r, long long, const socketio::ack& rep) {
                          r.ctx_->svc->async_set_cohost(r.meeting_id_, user, cohost,
                                                        r.ack_when_stored(rep));
                        }));
    }
    case op::lock:
    case op::set_lobby: {
      const bool lock = req.op == op::lock;
      const bool on = req.on;
      return c.set_flag(
          meeting_id_, lock ? "locked" : "lobby", on,
          change(false, [lock, on](room& r, long long, const socketio::ack& rep) {
            const auto flag = lock ? store::meeting_flag::locked : store::meeting_flag::lobby;
            r.ctx_->svc->async_set_flag(r.meeting_id_, flag, on, r.ack_when_stored(rep));
          }));
    }
    case op::admit:
    case op::deny:
      // The first admit or deny takes the user's entries in Redis; a racing second finds none.
      return c.resolve(meeting_id_, req.target, req.op == op::admit ? "admitted" : "denied",
                       change(true, with_count("count")));
    case op::admit_all:
      return c.resolve(meeting_id_, "", "admitted", change(false, with_count("count")));
  }
}

// ---- changes every process applies to its own sockets ----

void room::apply_mute(const cluster_message& m) {
  if (!cv_.advance(m.seq)) return;
  const json::object patch{{m.choice, false}};
  for (const auto& sid : m.sockets) {
    auto who = cv_.patch(sid, patch);
    if (!who) continue;
    if (member* local = state_.find(sid)) {
      (m.choice == "audio" ? local->info.audio : local->info.video) = false;
      local->socket->emit("muted", one_arg(told(m.choice, m.by)));
    }
    ctx_->nsp.to(channel_).except(sid).emit("media-state", one_arg(who->media_json()));
  }
}

void room::apply_ban(const cluster_message& m) {
  if (!cv_.advance(m.seq)) return;
  std::vector<member> gone = state_.ban(m.user_id);
  for (auto& g : gone) {
    for (const auto& pc : sfu_.pcs_of(g.info.socket_id)) drop_pc(pc);
    if (auto s = g.session.lock()) s->evicted(this);
    json::object removed{{"meetingId", meeting_id_}};
    g.socket->emit("removed", one_arg(std::move(m.by.add_as_actor(removed))));
    g.socket->leave(channel_);
  }
  for (const auto& sid : m.sockets) {
    if (!cv_.remove(sid)) continue;
    ctx_->nsp.to(channel_).emit("user-left",
                                one_arg(json::object{{"userId", m.user_id}, {"socketId", sid}}));
  }
  if (gone.empty()) return;
  ctx_->metrics.participants.add(-static_cast<double>(gone.size()));
  ctx_->metrics.leaves.inc(gone.size());
  store_left(m.user_id);
  topology_on_leave();
}

void room::apply_role(const cluster_message& m) {
  if (!cv_.advance(m.seq)) return;
  const bool cohost = m.choice == "cohost";
  if (state_.set_cohost(m.user_id, cohost)) return;  // the host's role never changes
  cv_.set_role(m.user_id, m.choice);
  for (const auto& x : cv_.members()) {
    if (x.info.user_id != m.user_id) continue;
    ctx_->nsp.to(channel_).emit("role-changed", one_arg(json::object{{"socketId", x.info.socket_id},
                                                                     {"userId", m.user_id},
                                                                     {"role", m.choice}}));
    if (const member* local = state_.find(x.info.socket_id); local && cohost)
      show_lobby(*local->socket);
  }
}

void room::apply_settings(const cluster_message& m) {
  if (!cv_.advance(m.seq)) return;
  state_.set_locked(m.locked);
  state_.set_lobby(m.lobby);
  ctx_->nsp.to(channel_).emit("meeting-settings", one_arg(state_.settings()));
}

}  // namespace parley::signaling
