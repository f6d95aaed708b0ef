// The SFU events of a room's members (docs/signaling.md "Large meetings: the SFU"): every check
// (membership, topology, ownership of a pc, the feed's meeting) on the room's strand before
// anything reaches Janus, then the Janus requests, whose answers come back to this strand.
#include "core/log.hpp"
#include "sfu/messages.hpp"
#include "signaling/context.hpp"
#include "signaling/room.hpp"
#include "socketio/socket.hpp"

namespace parley::signaling {

namespace json = boost::json;

namespace {
json::object ok() {
  return {{"ok", true}};
}
}  // namespace

void room::emit_to(const std::string& socket_id, std::string_view event, json::value body) {
  if (member* m = state_.find(socket_id)) m->socket->emit(event, one_arg(std::move(body)));
}

void room::sfu(std::string socket_id, sfu_request req, socketio::ack reply) {
  on_strand([id = std::move(socket_id), req = std::move(req),
             reply = std::move(reply)](room& r) mutable {
    const member* m = r.state_.find(id);
    if (!m) return reply(one_arg(error_body(errc::not_in_room)));
    if (!r.ctx_->janus || !r.sfu_.allowed(sfu_state::clock::now(), r.ctx_->lim.sfu_down_delay))
      return reply(one_arg(error_body(errc::wrong_topology)));
    if (!r.ctx_->janus->up()) return reply(one_arg(error_body(errc::sfu_unavailable)));
    const bool pub = req.op == sfu_op::publish || req.op == sfu_op::unpublish;
    if (req.op == sfu_op::publish) return r.sfu_publish(*m, req, reply);
    if (req.op == sfu_op::subscribe) return r.sfu_subscribe(*m, req, reply);
    // Every other op names a pc, which must be the sender's own (never passed on otherwise).
    const bool any_kind = req.op == sfu_op::candidate;
    sfu_pc* pc = r.sfu_.own(req.pc, id, pub);
    if (!pc && any_kind) pc = r.sfu_.own(req.pc, id, true);
    if (!pc || (!pc->handle && req.op != sfu_op::unpublish && req.op != sfu_op::unsubscribe))
      return reply(one_arg(error_body(errc::not_found, "There is no such connection of yours.")));
    switch (req.op) {
      case sfu_op::unpublish:
      case sfu_op::unsubscribe:
        r.drop_pc(req.pc);
        return reply(one_arg(ok()));
      case sfu_op::answer:
        return r.send_on(*pc, sfu::start(), std::move(req.jsep),
                         [pc_id = req.pc, reply](room& r, sfu::answer& a) {
                           if (!a.ok) return r.sfu_failed(pc_id, reply, a.error);
                           reply(one_arg(ok()));
                         });
      case sfu_op::candidate:
        r.ctx_->janus->request(sfu::trickle(pc->handle, req.candidates), [](sfu::answer) {});
        return reply(one_arg(ok()));
      case sfu_op::layer:
        pc->substream = req.substream;
        r.tell_watched(pc->feed);
        if (!pc->video_mid.empty())
          r.ctx_->janus->request(
              sfu::message(pc->handle, sfu::substream(pc->video_mid, req.substream)),
              [](sfu::answer) {});
        return reply(one_arg(ok()));
      default:
        return;
    }
  });
}

void room::sfu_publish(const member& m, sfu_request& req, const socketio::ack& reply) {
  const std::string& socket = m.info.socket_id;
  if (!req.pc.empty()) {  // renegotiation of an own publisher: ICE restart, tracks added
    sfu_pc* pc = sfu_.own(req.pc, socket, true);
    if (!pc || !pc->handle)
      return reply(one_arg(error_body(errc::not_found, "There is no such connection of yours.")));
    return send_on(*pc, sfu::republish(), std::move(req.jsep),
                   [pc_id = req.pc, reply](room& r, sfu::answer& a) {
                     const sfu_feed* f = r.sfu_.feed_of(pc_id);
                     if (!a.ok || a.r.jsep.empty() || !f)
                       return r.sfu_failed(pc_id, reply, a.ok ? "no answer" : a.error);
                     reply(one_arg(json::object{
                         {"ok", true}, {"pc", pc_id}, {"feed", f->feed}, {"answer", a.r.jsep}}));
                   });
  }
  if (sfu_.count(socket, true) >= ctx_->lim.sfu_publishers_per_socket)
    return reply(
        one_arg(error_body(errc::rate_limited, "You are already sending as much as allowed.")));
  sfu_pc pc;
  pc.id = sfu::random_hex(8);
  pc.owner = socket;
  pc.publisher = true;
  sfu_feed feed;
  feed.janus_id = sfu::random_id();
  feed.feed = std::to_string(feed.janus_id);
  feed.socket_id = socket;
  feed.user_id = m.info.user_id;
  feed.kind = req.kind;
  feed.pc = pc.id;
  pc.feed = feed.feed;
  sfu_.pcs[pc.id] = pc;
  sfu_.feeds.push_back(feed);
  with_janus_room([pc_id = pc.id, janus_id = feed.janus_id, user = m.info.user_id,
                   jsep = std::move(req.jsep), reply](room& r, std::string error) mutable {
    if (!error.empty()) return r.sfu_failed(pc_id, reply, error);
    r.attach_and_send(pc_id, sfu::publish(r.sfu_.janus_room, janus_id, user), std::move(jsep),
                      [pc_id, reply](room& r, sfu::answer& a) {
                        const sfu_feed* f = r.sfu_.feed_of(pc_id);
                        if (!a.ok || a.r.jsep.empty() || !f)
                          return r.sfu_failed(pc_id, reply, a.ok ? "no answer" : a.error);
                        reply(one_arg(json::object{
                            {"ok", true}, {"pc", pc_id}, {"feed", f->feed}, {"answer", a.r.jsep}}));
                        // docs/recording.md: a publisher arriving during a recording is in it.
                        if (auto it = r.sfu_.pcs.find(pc_id); it != r.sfu_.pcs.end())
                          r.record_pc(it->second);
                      });
  });
}

void room::sfu_subscribe(const member& m, const sfu_request& req, const socketio::ack& reply) {
  const std::string& socket = m.info.socket_id;
  const sfu_feed* f = sfu_.live_feed(req.feed);
  // A feed of another meeting is simply not in this room's list: not_found, like a made-up one.
  if (!f || f->socket_id == socket)
    return reply(one_arg(error_body(errc::not_found, "There is no such feed in this meeting.")));
  if (sfu_.count(socket, false) >= ctx_->lim.sfu_subscribers_per_socket)
    return reply(
        one_arg(error_body(errc::rate_limited, "You are receiving as many feeds as allowed.")));
  sfu_pc pc;
  pc.id = sfu::random_hex(8);
  pc.owner = socket;
  pc.feed = f->feed;
  pc.substream = req.substream;
  const std::uint64_t janus_id = f->janus_id;
  sfu_.pcs[pc.id] = pc;
  tell_watched(pc.feed);
  // The first layer goes in the join (docs/signaling.md "Peer connections to the SFU"): a
  // configure right after it would be one more request to Janus, and one more keyframe request
  // (PLI) to the sender while the subscription is not even connected.
  attach_and_send(pc.id, sfu::subscribe(sfu_.janus_room, janus_id, req.substream), {},
                  [pc_id = pc.id, reply](room& r, sfu::answer& a) {
                    auto it = r.sfu_.pcs.find(pc_id);
                    if (!a.ok || a.r.jsep.empty() || it == r.sfu_.pcs.end())
                      return r.sfu_failed(pc_id, reply, a.ok ? "no offer" : a.error);
                    it->second.video_mid = sfu::video_mid(a.r.data);
                    reply(one_arg(json::object{{"ok", true}, {"pc", pc_id}, {"offer", a.r.jsep}}));
                  });
}

void room::with_janus_room(std::function<void(room&, std::string)> then) {
  if (sfu_.janus_room) return then(*this, {});
  sfu_.waiters.push_back([self = shared_from_this(), then = std::move(then)](std::string error) {
    then(*self, std::move(error));
  });
  if (sfu_.creating) return;
  sfu_.creating = true;
  const std::uint64_t id = sfu::random_id();
  std::string secret = sfu::random_hex(16);
  ctx_->janus->control(
      sfu::room_create(id, secret, ctx_->janus->secret()),
      [self = shared_from_this(), id, secret](sfu::answer a) mutable {
        self->on_strand([id, secret = std::move(secret), a = std::move(a)](room& r) mutable {
          r.sfu_.creating = false;
          if (a.ok) {
            r.sfu_.janus_room = id;
            r.sfu_.room_secret = std::move(secret);
          }
          for (auto& w : std::exchange(r.sfu_.waiters, {})) w(a.ok ? std::string() : a.error);
        });
      });
}

void room::attach_and_send(const std::string& pc, json::object body, json::object jsep,
                           std::function<void(room&, sfu::answer&)> then) {
  ctx_->janus->request(sfu::attach_videoroom(), [self = shared_from_this(), pc,
                                                 body = std::move(body), jsep = std::move(jsep),
                                                 then = std::move(then)](sfu::answer a) mutable {
    self->on_strand([pc, body = std::move(body), jsep = std::move(jsep), then = std::move(then),
                     a = std::move(a)](room& r) mutable {
      const std::uint64_t handle = a.id();
      auto it = r.sfu_.pcs.find(pc);
      if (it == r.sfu_.pcs.end()) {  // closed meanwhile (leave, unpublish, Janus lost)
        if (handle) r.ctx_->janus->detach(handle);
        return then(r, a);
      }
      if (!a.ok || !handle) return then(r, a);
      it->second.handle = handle;
      r.ctx_->janus->watch(handle, [w = r.weak_from_this(), pc](const sfu::reply& ev) {
        if (auto self = w.lock()) self->on_strand([pc, ev](room& r) { r.on_janus_event(pc, ev); });
      });
      r.send_on(it->second, std::move(body), std::move(jsep), std::move(then));
    });
  });
}

void room::send_on(const sfu_pc& pc, json::object body, json::object jsep,
                   std::function<void(room&, sfu::answer&)> then) {
  ctx_->janus->request(sfu::message(pc.handle, std::move(body), std::move(jsep)),
                       [self = shared_from_this(), then = std::move(then)](sfu::answer a) mutable {
                         self->on_strand([then = std::move(then),
                                          a = std::move(a)](room& r) mutable { then(r, a); });
                       });
}

void room::on_janus_event(const std::string& pc_id, const sfu::reply& ev) {
  auto it = sfu_.pcs.find(pc_id);
  if (it == sfu_.pcs.end()) return;
  sfu_pc& pc = it->second;
  switch (ev.kind) {
    case sfu::kind::trickle:
      return emit_to(pc.owner, "sfu-candidate",
                     json::object{{"pc", pc_id}, {"candidate", ev.candidate}});
    case sfu::kind::webrtcup:
      if (sfu_feed* f = sfu_.feed_of(pc_id); f && pc.publisher && !f->live) {
        f->live = true;  // Janus has the feed now: others may subscribe
        ctx_->nsp.to(channel_).except(pc.owner).emit("sfu-feed", one_arg(f->to_json()));
      }
      return;
    case sfu::kind::hangup:
    case sfu::kind::detached: {
      const std::string owner = pc.owner;
      if (ev.kind == sfu::kind::detached) pc.handle = 0;
      drop_pc(pc_id);
      return emit_to(
          owner, "sfu-closed",
          json::object{{"pc", pc_id}, {"message", "The video server closed this connection."}});
    }
    default:
      return;
  }
}

void room::drop_pc(const std::string& pc_id) {
  auto it = sfu_.pcs.find(pc_id);
  if (it == sfu_.pcs.end()) return;
  if (it->second.handle && ctx_->janus) ctx_->janus->detach(it->second.handle);
  const std::string owner = it->second.owner;
  const std::string watched = it->second.publisher ? std::string() : it->second.feed;
  sfu_.pcs.erase(it);
  if (!watched.empty()) tell_watched(watched);
  if (auto f = sfu_.take_feed(pc_id); f && f->live) {
    ctx_->nsp.to(channel_).except(owner).emit(
        "sfu-feed-removed",
        one_arg(json::object{{"feed", f->feed}, {"socketId", f->socket_id}, {"kind", f->kind}}));
  }
  release_sfu();
}

// docs/signaling.md "Layers nobody watches": the publisher stops encoding the layers above it.
void room::tell_watched(const std::string& feed) {
  for (sfu_feed& f : sfu_.feeds) {
    if (f.feed != feed || f.kind != "camera") continue;
    const int layer = sfu_.watched_layer(f);
    if (layer == f.watched) return;
    f.watched = layer;
    return emit_to(f.socket_id, "sfu-watched", json::object{{"pc", f.pc}, {"substream", layer}});
  }
}

void room::sfu_failed(const std::string& pc, const socketio::ack& reply, const std::string& why) {
  log::warn("janus_request_failed", {{"meeting", log_id_}, {"error", why}});
  drop_pc(pc);
  reply(one_arg(error_body(
      errc::sfu_unavailable,
      "The video server could not set up this connection (" + why + "); try again in a moment.")));
}

}  // namespace parley::signaling
