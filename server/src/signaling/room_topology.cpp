// The room's topology (docs/signaling.md "Large meetings: the SFU"): mesh or SFU, the switch up
// at threshold+1, down after sfu_down_delay at threshold-1 or fewer, the fallback to the mesh
// when Janus is lost, and the VideoRoom's end. All on the room's strand.
#include "core/log.hpp"
#include "sfu/messages.hpp"
#include "signaling/context.hpp"
#include "signaling/room.hpp"
#include "socketio/socket.hpp"

namespace parley::signaling {

namespace json = boost::json;

namespace {
constexpr std::string_view unavailable_message =
    "The video server is unavailable, so this meeting continues peer to peer; it will move back "
    "when the server returns.";
}  // namespace

json::object room::topology_body() const {
  json::object t{{"mode", topology_name(sfu_.mode)}};
  // A meeting that belongs on the SFU but is on the mesh because Janus is down.
  if (ctx_->janus && !ctx_->janus->up() && sfu_.mode == topology::mesh &&
      sfu_sized(state_.size(), ctx_->lim.sfu_threshold)) {
    t["reason"] = "sfu_unavailable";
    t["message"] = unavailable_message;
  }
  return t;
}

std::size_t room::capacity() const {
  std::size_t cap = ctx_->lim.max_participants;
  if (ctx_->janus && !ctx_->janus->up()) cap = std::min(cap, ctx_->lim.mesh_max_participants);
  return cap;
}

void room::set_mode(topology t) {
  if (sfu_.mode == t) return;
  (sfu_.mode == topology::sfu ? ctx_->metrics.meetings_sfu : ctx_->metrics.meetings_mesh).dec();
  (t == topology::sfu ? ctx_->metrics.meetings_sfu : ctx_->metrics.meetings_mesh).inc();
  sfu_.mode = t;
  sfu_.down_armed = false;
  ++sfu_.down_gen;
  if (t == topology::sfu) sfu_.left_sfu.reset();
  log::info(
      "meeting_topology",
      {{"meeting", log_id_}, {"topology", topology_name(t)}, {"participants", state_.size()}});
}

json::object room::topology_on_join(socketio::socket& joiner) {
  const std::size_t n = state_.size();
  const auto threshold = ctx_->lim.sfu_threshold;
  bool switched = false;
  // A recording meeting stays on the SFU (docs/recording.md "Signaling").
  if (ctx_->janus && ctx_->janus->up() && sfu_.mode == topology::mesh &&
      (sfu_sized(n, threshold) || rec_.active)) {
    set_mode(topology::sfu);
    switched = true;
  }
  if (sfu_.mode == topology::sfu && !mesh_sized(n, threshold)) {
    sfu_.down_armed = false;  // back above: a pending switch down is void
    ++sfu_.down_gen;
  } else if (sfu_.mode == topology::sfu) {
    arm_switch_down();  // e.g. a meeting too large for the mesh that shrank while Janus was down
  }
  json::object t = topology_body();
  if (switched) {
    ctx_->nsp.to(channel_).emit("topology", one_arg(t));
    ctx_->nsp.to(channel_).emit("sfu-feeds", one_arg(sfu_.live_feeds()));
  } else {
    joiner.emit("topology", one_arg(t));
    if (sfu_.mode == topology::sfu) joiner.emit("sfu-feeds", one_arg(sfu_.live_feeds()));
  }
  return t;
}

void room::topology_on_leave() {
  if (state_.empty()) {  // the next join starts from the mesh again
    stop_recording("room empty");
    release_sfu(true);
    set_mode(topology::mesh);
    sfu_.left_sfu.reset();
    return;
  }
  if (sfu_.mode == topology::sfu && mesh_sized(state_.size(), ctx_->lim.sfu_threshold))
    arm_switch_down();
}

void room::arm_switch_down() {
  if (sfu_.down_armed || rec_.active) return;  // stop_recording arms it again
  sfu_.down_armed = true;
  const std::uint64_t gen = ++sfu_.down_gen;
  auto timer = std::make_shared<net::steady_timer>(strand_, ctx_->lim.sfu_down_delay);
  timer->async_wait([self = shared_from_this(), timer, gen](error_code) {
    room& r = *self;
    if (gen != r.sfu_.down_gen || r.sfu_.mode != topology::sfu || r.state_.ended()) return;
    if (r.rec_.active) {
      r.sfu_.down_armed = false;
      return;
    }
    if (!mesh_sized(r.state_.size(), r.ctx_->lim.sfu_threshold)) return;
    r.set_mode(topology::mesh);
    r.sfu_.left_sfu = sfu_state::clock::now();
    r.ctx_->nsp.to(r.channel_).emit("topology", one_arg(r.topology_body()));
    // After the grace period the VideoRoom goes, once no feed is left.
    auto grace = std::make_shared<net::steady_timer>(r.strand_, r.ctx_->lim.sfu_down_delay);
    grace->async_wait([self, grace](error_code) { self->release_sfu(); });
  });
}

void room::release_sfu(bool now) {
  if (!now) {
    if (sfu_.mode == topology::sfu || !sfu_.feeds.empty()) return;
    if (sfu_.allowed(sfu_state::clock::now(), ctx_->lim.sfu_down_delay)) return;
  }
  for (auto& [id, pc] : sfu_.pcs)
    if (pc.handle && ctx_->janus) ctx_->janus->detach(pc.handle);
  sfu_.pcs.clear();
  sfu_.feeds.clear();
  if (sfu_.janus_room && ctx_->janus) {
    ctx_->janus->control(
        sfu::room_destroy(sfu_.janus_room, sfu_.room_secret), [log_id = log_id_](sfu::answer a) {
          if (!a.ok)
            log::warn("janus_room_not_destroyed", {{"meeting", log_id}, {"error", a.error}});
        });
  }
  sfu_.janus_room = 0;
  sfu_.room_secret.clear();
}

void room::sfu_changed(bool up) {
  on_strand([up](room& r) {
    if (up) {
      // A meeting too large for the mesh stayed on the SFU: its members publish again.
      if (r.sfu_.mode == topology::sfu && !r.state_.empty()) {
        r.ctx_->nsp.to(r.channel_).emit("topology", one_arg(r.topology_body()));
        r.ctx_->nsp.to(r.channel_).emit("sfu-feeds", one_arg(json::array{}));
      }
      return;
    }
    // Janus lost: what it wrote so far is processed (docs/recording.md "Failures").
    r.stop_recording("video server lost");
    // Janus lost: its handles went with the session; the room, if Janus lives, goes later.
    if (r.sfu_.janus_room && r.ctx_->janus)
      r.ctx_->janus->destroy_later(r.sfu_.janus_room, r.sfu_.room_secret);
    r.sfu_.janus_room = 0;
    for (auto& [id, pc] : r.sfu_.pcs)
      r.emit_to(pc.owner, "sfu-closed",
                json::object{{"pc", id}, {"message", "The video server went away."}});
    r.sfu_.pcs.clear();
    r.sfu_.feeds.clear();
    r.sfu_.left_sfu.reset();
    if (r.sfu_.mode == topology::sfu && r.state_.size() <= r.ctx_->lim.mesh_max_participants) {
      r.set_mode(topology::mesh);
      json::object t{
          {"mode", "mesh"}, {"reason", "sfu_unavailable"}, {"message", unavailable_message}};
      r.ctx_->nsp.to(r.channel_).emit("topology", one_arg(std::move(t)));
    }
  });
}

}  // namespace parley::signaling
