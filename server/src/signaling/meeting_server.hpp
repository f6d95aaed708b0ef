// The meeting signaling protocol (docs/signaling.md) on a Socket.IO namespace.
//
//   auto signaling = signaling::meeting_server::create(io.of("/"), services, registry,
//                                                      ioc.get_executor());
//   ... serve ...
//   eio->shutdown();                              // sockets disconnect, rooms empty
//   signaling->shutdown(2s, [&] { ioc.stop(); }); // once every room is gone (bounded)
//   ... after the I/O threads joined: services->shutdown();  // left_at flushed to the store
//
// create() registers on the namespace: a CONNECT middleware that authenticates
// handshake.auth.token with the services (a bad or missing token gets CONNECT_ERROR
// {message: "unauthorized"}), and a connection handler that gives each socket a
// member_session with the event table. It also registers itself with the services as their
// domain_listener, so signing out disconnects that token's sockets and a meeting ended by REST
// tells its room.
//
// Threads: thread-safe. Lifetime: the namespace (socketio::server), the services and the
// metrics registry must outlive every socket; the meeting_server itself may be dropped at
// any time (sessions and rooms keep the shared state they need).
#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>

#include "cluster/node.hpp"
#include "core/net.hpp"
#include "domain/domain_listener.hpp"
#include "domain/services.hpp"
#include "metrics/registry.hpp"
#include "recording/worker.hpp"
#include "sfu/janus_client.hpp"
#include "signaling/limits.hpp"
#include "socketio/nsp.hpp"

namespace parley::signaling {

struct context;

class meeting_server final : public domain::domain_listener,
                             public std::enable_shared_from_this<meeting_server> {
 public:
  /// Serves `nsp` (normally io.of("/")); `ex` is the io_context's executor the rooms'
  /// strands are made from. Call before the server takes connections.
  /// `janus`: the SFU (docs/signaling.md "Large meetings: the SFU"), or null for mesh only;
  /// its on_state is taken here (start it after create). `cluster`: with --redis, the node
  /// whose listener this becomes (docs/cluster.md); start it after create.
  static std::shared_ptr<meeting_server> create(
      socketio::nsp& nsp, std::shared_ptr<domain::services> svc, metrics::registry& reg,
      net::any_io_executor ex, limits lim = {}, std::shared_ptr<sfu::janus_client> janus = nullptr,
      std::shared_ptr<recording::worker> recorder = nullptr,
      std::shared_ptr<cluster::node> cluster = nullptr);

  /// Refuses new connections from now on ("server shutting down"), then calls `done` (on an
  /// I/O thread, never inline) once every room is gone, i.e. every member's departure has
  /// been handed to the services, or when `timeout` passes. Call after the Engine.IO server
  /// shut down; call services::shutdown() only after `done`. Non-blocking.
  void shutdown(std::chrono::milliseconds timeout, std::function<void()> done);

  /// Live rooms (rooms with members or pending joins).
  std::size_t room_count() const;

  // domain::domain_listener (called on the services' pool; they only post)
  void on_session_revoked(const std::string& session_id) override;
  void on_meeting_ended(const std::string& meeting_id) override;

  explicit meeting_server(std::shared_ptr<context> ctx);

 private:
  void install();

  std::shared_ptr<context> ctx_;
  std::shared_ptr<std::atomic<bool>> stopping_ = std::make_shared<std::atomic<bool>>(false);
};

}  // namespace parley::signaling
