#include "signaling/meeting_server.hpp"

#include <boost/json/serialize.hpp>

#include "core/log.hpp"
#include "signaling/cluster_bridge.hpp"
#include "signaling/context.hpp"
#include "signaling/member_session.hpp"
#include "signaling/room.hpp"
#include "socketio/broadcast.hpp"
#include "socketio/socket.hpp"

namespace parley::signaling {

namespace {

/// A bearer token is 43 characters; anything far longer is not worth a store lookup.
constexpr std::size_t max_token_bytes = 512;

socketio::connect_error refusal(std::string message) {
  return {std::move(message), nullptr};
}

/// Polls until the rooms are gone: the departures in flight are posts between strands, with
/// nothing to wait on directly.
struct drain : std::enable_shared_from_this<drain> {
  drain(std::shared_ptr<context> c, std::chrono::milliseconds timeout, std::function<void()> d)
      : ctx(std::move(c)),
        timer(ctx->ex),
        deadline(std::chrono::steady_clock::now() + timeout),
        done(std::move(d)) {}

  void check() {
    const std::size_t left = ctx->rooms.size();
    if (left == 0 || std::chrono::steady_clock::now() >= deadline) {
      if (left) log::warn("signaling_shutdown_timeout", {{"rooms", left}});
      return done();
    }
    timer.expires_after(std::chrono::milliseconds(10));
    timer.async_wait([self = shared_from_this()](error_code) { self->check(); });
  }

  std::shared_ptr<context> ctx;
  net::steady_timer timer;
  std::chrono::steady_clock::time_point deadline;
  std::function<void()> done;
};

}  // namespace

meeting_server::meeting_server(std::shared_ptr<context> ctx) : ctx_(std::move(ctx)) {}

std::shared_ptr<meeting_server> meeting_server::create(
    socketio::nsp& nsp, std::shared_ptr<domain::services> svc, metrics::registry& reg,
    net::any_io_executor ex, limits lim, std::shared_ptr<sfu::janus_client> janus,
    std::shared_ptr<recording::worker> recorder, std::shared_ptr<cluster::node> cluster) {
  auto svc_ref = svc;
  auto ctx = std::make_shared<context>(nsp, std::move(svc), std::move(ex), lim, reg);
  ctx->recorder = std::move(recorder);
  if (janus) {
    ctx->janus = janus;
    // Called on the client's strand; each room hears it on its own.
    janus->on_state([w = std::weak_ptr<context>(ctx)](bool up) {
      auto c = w.lock();
      if (!c) return;
      c->metrics.sfu_up.set(up ? 1 : 0);
      for (auto& r : c->rooms.all()) r->sfu_changed(up);
    });
  }
  if (cluster) {
    ctx->cluster = cluster;
    ctx->cluster_bridge = std::make_shared<cluster_bridge>(ctx);
    cluster->set_listener(ctx->cluster_bridge);
  }
  auto server = std::make_shared<meeting_server>(std::move(ctx));
  server->install();
  svc_ref->add_listener(server);
  return server;
}

void meeting_server::install() {
  ctx_->nsp.use([ctx = ctx_, stopping = stopping_](const std::shared_ptr<socketio::socket>& s,
                                                   socketio::nsp::next_fn next) {
    if (stopping->load()) return next(refusal("server shutting down"));
    const auto* token = s->handshake().auth.if_contains("token");
    if (!token || !token->is_string() || token->get_string().empty() ||
        token->get_string().size() > max_token_bytes) {
      ctx->metrics.refused_connects.inc();
      return next(refusal("unauthorized"));
    }
    ctx->svc->async_authenticate(
        std::string(token->get_string()), [ctx, s, next](domain::outcome<auth::identity> who) {
          if (!who) {
            const bool bad_token = who.error().code == domain::errc::unauthorized;
            if (bad_token) ctx->metrics.refused_connects.inc();
            return next(refusal(bad_token ? "unauthorized" : "internal_error"));
          }
          // Allowed off the strand: nothing else touches the socket until next() (nsp.hpp).
          s->data() = std::move(*who);
          next(std::nullopt);
        });
  });
  ctx_->nsp.on_connection([ctx = ctx_](const std::shared_ptr<socketio::socket>& s) {
    auto* who = std::any_cast<auth::identity>(&s->data());
    if (!who) return s->disconnect();  // unreachable: the middleware always sets it
    auto session = std::make_shared<member_session>(ctx, s, std::move(*who));
    s->data().reset();
    session->attach(s);
  });
}

void meeting_server::on_session_revoked(const std::string& session_id) {
  ctx_->nsp.to(session_channel(session_id)).disconnect_sockets();
  // docs/cluster.md "Sign-out": the other processes drop it from their caches and sockets.
  if (ctx_->cluster)
    ctx_->cluster->broadcast(
        json::serialize(json::object{{"t", "revoke"}, {"session", session_id}}));
}

void meeting_server::on_meeting_ended(const std::string& meeting_id) {
  // docs/cluster.md "Meeting end": every process's room hears `end` on the meeting channel.
  if (ctx_->cluster) ctx_->cluster->end(meeting_id);
  if (auto r = ctx_->rooms.find(meeting_id)) r->end();
}

std::size_t meeting_server::room_count() const {
  return ctx_->rooms.size();
}

void meeting_server::shutdown(std::chrono::milliseconds timeout, std::function<void()> done) {
  stopping_->store(true);
  // docs/protocol.md "Shutdown": every socket leaves its room now, so its departure is stored
  // even if its client never answers the WebSocket close (which may take 5 s).
  socketio::broadcast_operator(ctx_->nsp).disconnect_sockets();
  auto d = std::make_shared<drain>(ctx_, timeout, std::move(done));
  net::post(ctx_->ex, [d] { d->check(); });
}

}  // namespace parley::signaling
