// Engine.IO v4 server: sessions over HTTP long-polling and WebSocket, upgrade (probe),
// heartbeats, payload batching, CORS. Mounted on the HTTP server as an http::handler at
// options.path. The layer above (Socket.IO) sees only engineio::socket.
//
// Threads: the server is thread-safe. Each socket lives on its own strand.
// Lifetime: sessions hold I/O objects of the io_context, so call shutdown() and let the
// io_context run until session_count() is 0 before destroying the io_context.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "engineio/socket.hpp"
#include "http/handler.hpp"

namespace parley::engineio {

/// Named limits and timings; each default says why.
struct options {
  /// Mount point; the HTTP server routes every target starting with it here.
  std::string path = "/engine.io/";
  /// Engine.IO default: a ping every 25 s keeps NATs open and finds dead peers.
  std::chrono::milliseconds ping_interval{25000};
  /// Engine.IO default: how long to wait for the pong before closing.
  std::chrono::milliseconds ping_timeout{20000};
  /// Engine.IO default (1 MB): largest message, and largest polling POST body.
  std::size_t max_payload = 1'000'000;
  /// Slow-consumer policy: a socket whose unsent output exceeds this is closed
  /// ("transport error") rather than buffering without bound. 4 MiB holds ~60 SDP offers.
  std::size_t max_send_queue_bytes = 4 * 1024 * 1024;
  /// Sessions open at once, in all and from one client address (docs/protocol.md "Limits and
  /// defaults"); a handshake over either gets 403 (code 4). Generous: a benchmark opens
  /// thousands of sessions from one address; these only stop a runaway or hostile client.
  std::size_t max_sessions = 50'000;
  std::size_t max_sessions_per_address = 20'000;
  /// Engine.IO default: how long a polling client has to finish an upgrade.
  std::chrono::milliseconds upgrade_timeout{10000};
  /// Allowed CORS origins for polling; "*" allows any. Empty: no CORS headers.
  std::vector<std::string> cors_origins;
  /// The io_context runs on one thread: sessions use its executor directly instead of a
  /// strand each (the same serialization, without the strand's locking and queueing).
  bool one_thread = false;
  bool allow_polling = true;
  bool allow_websocket = true;
  bool allow_upgrades = true;
};

class server_impl;

class server final : public http::handler {
 public:
  /// `ex` is the io_context executor the sockets' strands are made from.
  server(net::any_io_executor ex, options opts);
  ~server() override;
  server(const server&) = delete;
  server& operator=(const server&) = delete;

  /// Called for each new session, on the new socket's strand, before any message is
  /// delivered. The callee must call socket::set_listener() before returning.
  using connection_handler = std::function<void(std::shared_ptr<socket>)>;
  void on_connection(connection_handler h);

  /// Closes every session (listeners get on_close("server shutting down")) and refuses new
  /// ones. Idempotent.
  void shutdown();

  /// After the io_context has stopped (its threads joined): forgets every session that is
  /// still there and drops what each holds (its listener, its transports), so that sessions
  /// whose close never completed (a client ignoring the close) are freed with the io_context
  /// instead of keeping each other alive (docs/protocol.md "Shutdown").
  void release();

  /// Live sessions.
  std::size_t session_count() const;

  const options& opts() const;

  // http::handler
  std::size_t body_limit(const bhttp::request_header<>& header) const override;
  void handle(http::request req, const http::peer& from, http::responder respond) override;
  bool wants_upgrade(const http::request& req) const override;
  void upgrade(http::request req, const http::peer& from, http::connection conn) override;

 private:
  std::shared_ptr<server_impl> impl_;
};

}  // namespace parley::engineio
