// room's rebuild after Redis came back (docs/cluster.md "Losing Redis"), with --redis only.
// Redis may have come back empty: the room subscribes to its meeting channel again,
// re-registers each member of this process through the join script (so every process's
// re-registrations get one order), seeds the moderation state from the store if Redis lost
// it, then reads the membership and tells its own sockets what changed while Redis was gone.
#include <algorithm>
#include <limits>

#include "core/log.hpp"
#include "signaling/context.hpp"
#include "signaling/room.hpp"
#include "socketio/socket.hpp"

namespace parley::signaling {

namespace json = boost::json;

namespace {

bool has(const std::vector<remote_member>& list, std::string_view socket_id) {
  return std::any_of(list.begin(), list.end(),
                     [&](const remote_member& m) { return m.info.socket_id == socket_id; });
}

}  // namespace

void room::cluster_back() {
  on_strand([](room& r) { r.rebuild(); });
}

void room::rebuild() {
  // Nothing held and never synced: a later join subscribes and reads as usual.
  if (state_.members().empty() && cv_.state() == cluster_view::sync::none) return;
  rebuilding_ = true;
  const unsigned gen = ++rebuild_gen_;
  cv_.set_state(cluster_view::sync::syncing);  // joins wait; changes wait in early_
  log::info("cluster_room_rebuild", {{"meeting", log_id_}, {"members", state_.members().size()}});
  // Seeded from the store, like a first sync: every process then seeds the same state,
  // whichever is first. The room's own copy only when the store cannot be read.
  ctx_->svc->async_moderation(
      meeting_id_, [self = shared_from_this(), gen](domain::outcome<store::moderation_record> mod) {
        self->on_strand([gen, mod = std::move(mod)](room& r) {
          if (gen != r.rebuild_gen_) return;
          std::string seed;
          if (r.state_.loaded())
            seed = cluster_moderation(r.state_.host_id(), mod ? *mod : r.state_.record());
          r.ctx_->cluster->watch(r.meeting_id_, [self = r.shared_from_this(), gen, seed] {
            self->on_strand([gen, seed](room& rm) { rm.reregister(gen, seed); });
          });
        });
      });
}

void room::reregister(unsigned gen, std::string seed) {
  if (gen != rebuild_gen_) return;
  const auto& locals = state_.members();
  if (locals.empty()) return read_snapshot(std::move(seed), true);
  struct tally {
    std::size_t left;
    bool ended = false, failed = false;
  };
  auto t = std::make_shared<tally>(tally{locals.size()});
  for (const auto& m : locals) {
    // The cluster's copy carries the flags as last published; the member's own otherwise.
    const auto known = cv_.find(m.info.socket_id);
    const participant& who = known ? known->info : m.info;
    // No user id: already admitted, so no ban, lock or lobby check; no cap: it holds its seat.
    ctx_->cluster->join(meeting_id_, m.info.socket_id, cluster_entry(who, ctx_->cluster->id()),
                        std::numeric_limits<int>::max(),
                        [self = shared_from_this(), gen, t, seed](long long seq) {
                          self->on_strand([gen, t, seed, seq](room& r) {
                            if (gen != r.rebuild_gen_) return;
                            t->ended |= seq == -3;
                            t->failed |= seq < 0 && seq != -1 && seq != -3;  // -1: still there
                            if (--t->left > 0) return;
                            if (t->ended) {
                              r.rebuilding_ = false;
                              r.sync_failed();
                              return r.do_end(nullptr, {});  // ended while Redis was away
                            }
                            if (t->failed) return r.sync_failed();  // lost again: next on_back
                            r.read_snapshot(seed, true);
                          });
                        });
  }
}

void room::install_rebuilt(long long seq, std::vector<remote_member> list) {
  const std::string& me = ctx_->cluster->id();
  const std::vector<remote_member> old = cv_.members();
  unconfirmed_.clear();
  for (const auto& m : list) {
    if (m.process == me && !state_.find(m.info.socket_id)) {
      // Left while Redis was away and Redis kept it: its leave now (user-left comes back).
      ctx_->cluster->leave(meeting_id_, m.info.socket_id, "disconnect");
      continue;
    }
    if (!has(old, m.info.socket_id))
      ctx_->nsp.to(channel_)
          .except(m.info.socket_id)
          .emit("user-joined", one_arg(m.info.to_json()));
  }
  for (const auto& m : old) {
    if (has(list, m.info.socket_id)) continue;
    if (m.process != me || state_.find(m.info.socket_id)) {
      // Ours and still here (its re-registration is on the way), or another process's that
      // may not have re-registered yet (Redis came back empty, or a sweep queued before a
      // pause reaped it): kept, and told nothing until the grace says otherwise.
      if (m.process != me) unconfirmed_.push_back(m.info.socket_id);
      list.push_back(m);
      continue;
    }
    // Ours, and it left while Redis was away: its leave never reached the others.
    ctx_->nsp.to(channel_).emit("user-left", one_arg(json::object{{"userId", m.info.user_id},
                                                                  {"socketId", m.info.socket_id}}));
  }
  cv_.install(seq, std::move(list));
  log::info(
      "cluster_room_rebuilt",
      {{"meeting", log_id_}, {"participants", cv_.size()}, {"unconfirmed", unconfirmed_.size()}});
  // Joins this process held in the lobby were refused when Redis went: a kept lobby lets go.
  for (const auto& w : cv_.lobby()) {
    const auto& mine = state_.lobby();
    const bool held = std::any_of(mine.begin(), mine.end(), [&](const waiting& x) {
      return x.m.info.socket_id == w.info.socket_id;
    });
    if (w.process == me && !held) ctx_->cluster->unwait(meeting_id_, w.info.socket_id);
  }
  if (unconfirmed_.empty()) return;
  auto timer = std::make_shared<net::steady_timer>(strand_, ctx_->cluster->options().rebuild_grace);
  timer->async_wait([self = shared_from_this(), timer, gen = rebuild_gen_](error_code ec) {
    if (!ec) self->drop_unconfirmed(gen);
  });
}

void room::drop_unconfirmed(unsigned gen) {
  if (gen != rebuild_gen_) return;  // Redis went again: the next rebuild decides
  for (const auto& sid : std::exchange(unconfirmed_, {})) {
    auto gone = cv_.remove(sid);
    if (!gone) continue;
    log::info("cluster_member_not_back", {{"meeting", log_id_}, {"userId", gone->info.user_id}});
    ctx_->nsp.to(channel_).emit(
        "user-left", one_arg(json::object{{"userId", gone->info.user_id}, {"socketId", sid}}));
    // As the sweep would have (docs/cluster.md "Liveness"): its stay ends once the user has no
    // member left. Every process may write it; the stay keeps the first.
    const auto members = cv_.members();
    if (std::none_of(members.begin(), members.end(),
                     [&](const remote_member& m) { return m.info.user_id == gone->info.user_id; }))
      ctx_->svc->async_leave(gone->info.user_id, meeting_id_, [](domain::outcome<void>) {});
  }
}

}  // namespace parley::signaling
