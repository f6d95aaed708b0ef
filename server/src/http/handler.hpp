// The seam between the HTTP server (http::server, http::session) and what serves a path:
// the Engine.IO endpoint, the REST API, the static web client.
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <variant>

#include "core/net.hpp"
#include "http/file_body.hpp"

namespace parley::http {

using request = bhttp::request<bhttp::string_body>;
/// Text, or a part of a file streamed in chunks (http/file_body.hpp).
using response = bhttp::response<text_or_file_body>;

/// Who sent a request.
struct peer {
  std::string address;  ///< client IP as text ("127.0.0.1", "::1")
  bool secure = false;  ///< arrived over TLS
};

/// Completes one request. Call exactly once, from any thread; the session posts the write to
/// its own strand. Holding it keeps the connection waiting (Engine.IO long-polling does).
/// Calling it with a response after the connection closed is harmless (dropped).
using responder = std::function<void(response)>;

/// A connection over TLS (docs/tls.md): OpenSSL on top of the same timed TCP stream.
using tls_stream = net::ssl::stream<beast::tcp_stream>;

/// A connection handed over after a successful WebSocket upgrade: plain TCP or TLS (its
/// handshake done). The handler owns it from then on; the HTTP server forgets it.
using connection = std::variant<beast::tcp_stream, tls_stream>;

class handler {
 public:
  virtual ~handler() = default;

  /// Largest request body this handler accepts for `target`; larger gets 413 before the
  /// body is read. Called on the connection's strand with the parsed header.
  virtual std::size_t body_limit(const bhttp::request_header<>& header) const { return 64 * 1024; }

  /// Called on the connection's strand once a request's header is parsed, before its body is
  /// read. What it returns is held until the request has been served or its connection ended:
  /// a claim such as "a POST of this Engine.IO session is in progress" (docs/protocol.md).
  virtual std::shared_ptr<void> on_header(const bhttp::request_header<>& header) { return nullptr; }

  /// Serves one request. Called on the connection's strand; must not block (post blocking work
  /// to a thread pool and call `respond` from there).
  virtual void handle(request req, const peer& from, responder respond) = 0;

  /// Whether this handler takes `req` (which asks for a WebSocket upgrade) as a WebSocket.
  /// When false the request goes to handle() like any other.
  virtual bool wants_upgrade(const request& req) const { return false; }

  /// Takes the connection after wants_upgrade(req) returned true: the implementation answers
  /// the handshake and owns the stream from then on (Engine.IO runs its own RFC 6455 framing on
  /// it, plain or TLS, engineio/websocket_transport.hpp). The HTTP server forgets the
  /// connection. Called on the connection's strand.
  virtual void upgrade(request req, const peer& from, connection conn) {}
};

}  // namespace parley::http
