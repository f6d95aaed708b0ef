// The room's recording (docs/recording.md "Signaling"): start and stop by a host or cohost, the
// meeting on the SFU while it records, Janus told to record every publisher into the
// recording's folder, the disk watched while it records, and the stopped recording handed to
// the worker. On the room's strand.
#include <filesystem>

#include "core/clock.hpp"
#include "core/log.hpp"
#include "recording/disk_guard.hpp"
#include "recording/tracks.hpp"
#include "signaling/context.hpp"
#include "signaling/room.hpp"
#include "socketio/socket.hpp"

namespace parley::signaling {

namespace json = boost::json;

json::object recording_state::to_json() const {
  json::object o{{"active", active}, {"startedAt", nullptr}};
  if (active) o["startedAt"] = iso8601(started_at);
  return o;
}

void room::record(std::string socket_id, bool start, socketio::ack reply) {
  on_strand([id = std::move(socket_id), start, reply = std::move(reply)](room& r) {
    const member* m = r.state_.find(id);
    if (!m) return reply(one_arg(error_body(errc::not_in_room)));
    if (r.state_.role_of(m->info.user_id) == role::participant)
      return reply(one_arg(error_body(errc::not_host)));
    if (start) return r.start_recording(reply);
    r.stop_recording("stopped");
    reply(one_arg(json::object{{"ok", true}, {"recording", r.rec_.to_json()}}));
  });
}

void room::start_recording(const socketio::ack& reply) {
  if (rec_.active)  // already on: the same answer as the start that turned it on
    return reply(one_arg(json::object{{"ok", true}, {"recording", rec_.to_json()}}));
  if (rec_.starting)
    return reply(one_arg(error_body(errc::rate_limited, "Recording is starting.")));
  if (!ctx_->recorder || !ctx_->janus || !ctx_->janus->up())
    return reply(one_arg(error_body(
        errc::sfu_unavailable, "Recording needs the video server, which is unavailable now.")));
  rec_.starting = true;
  auto svc = ctx_->svc;
  auto worker = ctx_->recorder;
  svc->run(
      [svc, worker, meeting = meeting_id_]() -> domain::outcome<domain::recording> {
        const auto& o = worker->opts();
        // docs/recording.md "Disk space": no new recording once the folder holds the limit.
        if (o.max_bytes && worker->usage() >= o.max_bytes)
          return domain::failure{domain::errc::unavailable, "",
                                 "The recordings folder is full (--recordings-max-bytes)."};
        auto r = svc->recording_service().start(meeting, o.dir, now_unix_ms());
        if (!r) return r;
        std::error_code ec;
        std::filesystem::create_directories(r->path, ec);
        if (ec)
          return domain::failure{domain::errc::unavailable, "",
                                 "The recordings folder cannot be written."};
        return r;
      },
      [self = shared_from_this(), reply](domain::outcome<domain::recording> r) {
        self->on_strand([r = std::move(r), reply](room& rm) mutable {
          rm.recording_started(std::move(r), reply);
        });
      });
}

void room::recording_started(domain::outcome<domain::recording> r, const socketio::ack& reply) {
  rec_.starting = false;
  if (!r) {
    const auto& f = r.error();
    return reply(one_arg(f.message.empty() ? error_body(from_domain(f.code))
                                           : error_body(from_domain(f.code), f.message)));
  }
  rec_ = {true, false, r->id, r->path, r->started_at};
  if (state_.ended() || state_.empty()) {  // ended (or emptied) while the row was written
    stop_recording(state_.ended() ? "meeting ended" : "room empty");
    return reply(one_arg(error_body(errc::meeting_ended)));
  }
  // docs/recording.md: the meeting records on the SFU; a mesh meeting switches now (the same
  // make-before-break switch as a join over the threshold) and may go back once it stops.
  if (sfu_.mode == topology::mesh) {
    set_mode(topology::sfu);
    ctx_->nsp.to(channel_).emit("topology", one_arg(topology_body()));
    ctx_->nsp.to(channel_).emit("sfu-feeds", one_arg(sfu_.live_feeds()));
  } else {
    sfu_.down_armed = false;  // a pending switch down waits for the recording's end
    ++sfu_.down_gen;
  }
  for (auto& [id, pc] : sfu_.pcs)
    if (pc.publisher && pc.handle) record_pc(pc);
  ctx_->nsp.to(channel_).emit("recording", one_arg(rec_.to_json()));
  watch_disk(rec_.id);
  log::info("recording_started", {{"meeting", log_id_}, {"recording", rec_.id}});
  reply(one_arg(json::object{{"ok", true}, {"recording", rec_.to_json()}}));
}

void room::record_pc(sfu_pc& pc) {
  const sfu_feed* f = sfu_.feed_of(pc.id);
  if (!f || !rec_.active || pc.recording == rec_.id) return;
  pc.recording = rec_.id;
  tell_watched(pc.feed);  // recorded: every layer again
  const std::string file = rec_.dir + "/" + recording::track_base(f->kind, f->user_id, f->feed);
  send_on(pc, json::object{{"request", "configure"}, {"record", true}, {"filename", file}}, {},
          [log_id = log_id_](room&, sfu::answer& a) {
            if (!a.ok)
              log::warn("recording_track_refused", {{"meeting", log_id}, {"error", a.error}});
          });
}

void room::watch_disk(std::string id) {
  auto timer = std::make_shared<net::steady_timer>(strand_, recording::disk_check_interval);
  timer->async_wait([self = shared_from_this(), timer, id = std::move(id)](error_code) {
    room& r = *self;
    if (!r.rec_.active || r.rec_.id != id) return;
    auto worker = r.ctx_->recorder;
    r.ctx_->svc->run(
        [worker]() -> domain::outcome<std::string> {
          const auto& o = worker->opts();
          return recording::stop_reason(recording::read_disk(o.dir, worker->usage()), o.max_bytes);
        },
        [self, id](domain::outcome<std::string> why) {
          self->on_strand([id, why = std::move(why)](room& rm) {
            if (!rm.rec_.active || rm.rec_.id != id) return;
            if (!why || why->empty()) return rm.watch_disk(id);  // a failed read: try again
            rm.stop_recording("disk", *why);
          });
        });
  });
}

void room::stop_recording(std::string_view reason) {
  stop_recording(reason, {});
}

void room::stop_recording(std::string_view reason, const std::string& why) {
  if (!rec_.active) return;
  const std::string id = rec_.id;
  const std::int64_t ended = now_unix_ms();
  rec_.active = false;
  // Janus closes each publisher's files; the job starts once every one answered, so it never
  // reads a file still being written.
  auto pending = std::make_shared<std::size_t>(1);
  auto svc = ctx_->svc;
  auto worker = ctx_->recorder;
  auto done = [pending, svc, worker, id, ended] {
    if (--*pending > 0) return;
    svc->run([svc, id, ended] { return svc->recording_service().stop(id, ended); },
             [worker, id](domain::outcome<domain::recording> r) {
               if (r && worker)
                 worker->enqueue(id);
               else if (!r)
                 log::error("recording_not_stopped", {{"recording", id}});
             });
  };
  for (auto& [pc_id, pc] : sfu_.pcs) {
    if (pc.recording != id || !pc.handle) continue;
    pc.recording.clear();
    ++*pending;
    send_on(pc, json::object{{"request", "configure"}, {"record", false}}, {},
            [done](room&, sfu::answer&) { done(); });
  }
  std::vector<std::string> feeds;  // no longer recorded: back to what their subscribers watch
  for (const auto& f : sfu_.feeds) feeds.push_back(f.feed);
  for (const auto& f : feeds) tell_watched(f);
  done();
  json::object told = rec_.to_json();
  if (!why.empty()) told["reason"] = why;
  ctx_->nsp.to(channel_).emit("recording", one_arg(std::move(told)));
  log::info("recording_stopped", {{"meeting", log_id_}, {"recording", id}, {"reason", reason}});
  if (sfu_.mode == topology::sfu && !state_.ended() &&
      mesh_sized(state_.size(), ctx_->lim.sfu_threshold))
    arm_switch_down();
}

}  // namespace parley::signaling
