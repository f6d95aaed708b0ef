// The meeting signaling protocol (CONTRACT.md section 3) on a Socket.IO namespace.
//
//   auto signaling = signaling::meeting_server::create(io.of("/"), services, registry,
//                                                      ioc.get_executor());
//   ... serve ...
//   eio->shutdown();            // sockets disconnect: rooms emptied, left_at stored
//   signaling->shutdown(2s);    // waits (bounded) until every room is gone
//   services->shutdown();       // then the store is flushed
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
#include <memory>
#include <string>

#include "auth/domain_listener.hpp"
#include "auth/services.hpp"
#include "core/net.hpp"
#include "metrics/registry.hpp"
#include "signaling/limits.hpp"
#include "socketio/nsp.hpp"

namespace parley::signaling {

struct context;

class meeting_server final : public auth::domain_listener,
                             public std::enable_shared_from_this<meeting_server> {
 public:
  /// Serves `nsp` (normally io.of("/")); `ex` is the io_context's executor the rooms'
  /// strands are made from. Call before the server takes connections.
  static std::shared_ptr<meeting_server> create(socketio::nsp& nsp,
                                                std::shared_ptr<auth::services> svc,
                                                metrics::registry& reg, net::any_io_executor ex,
                                                limits lim = {});

  /// Refuses new connections from now on ("server shutting down"), then waits until every
  /// room is gone (their members' departures stored) or `timeout` passes. Blocking: call from
  /// the main thread after the Engine.IO server shut down, while the I/O threads still run,
  /// and before services::shutdown(). Returns whether everything drained.
  bool shutdown(std::chrono::milliseconds timeout = std::chrono::seconds(2));

  /// Live rooms (rooms with members or pending joins).
  std::size_t room_count() const;

  // auth::domain_listener (called on the services' pool; they only post)
  void on_session_revoked(const std::string& session_id) override;
  void on_meeting_ended(const std::string& meeting_id) override;

  explicit meeting_server(std::shared_ptr<context> ctx);

 private:
  void install();

  std::shared_ptr<context> ctx_;
  std::shared_ptr<std::atomic<bool>> stopping_ = std::make_shared<std::atomic<bool>>(false);
};

}  // namespace parley::signaling
