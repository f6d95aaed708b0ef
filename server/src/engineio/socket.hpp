// One Engine.IO session as the layer above sees it, whatever its transport.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "core/net.hpp"

namespace parley::engineio {

/// What the HTTP request that opened the session carried.
struct handshake {
  std::string query;           ///< raw query string of the opening request (without '?')
  std::string remote_address;  ///< client IP
  std::string origin;          ///< Origin header, if any
  std::string user_agent;
};

/// An outgoing message, shared so a broadcast is serialized once and written to many sockets.
/// `data` excludes the Engine.IO packet type: the socket adds "4" (text) or sends the bytes as a
/// binary frame / base64 "b" packet.
struct message {
  std::shared_ptr<const std::string> data;
  bool binary = false;
};

inline message text_message(std::string s) {
  return {std::make_shared<const std::string>(std::move(s)), false};
}
inline message binary_message(std::string s) {
  return {std::make_shared<const std::string>(std::move(s)), true};
}

/// Receives a socket's traffic. Every call is made on the socket's strand.
class socket_listener {
 public:
  virtual ~socket_listener() = default;
  /// One complete Engine.IO "message" packet's payload (type byte removed; binary already
  /// decoded from base64 for polling).
  virtual void on_message(std::string_view data, bool binary) = 0;
  /// The session ended: "transport close", "transport error", "ping timeout",
  /// "forced close", "server shutting down", "parse error". Called exactly once; no
  /// on_message follows.
  virtual void on_close(std::string_view reason) = 0;
};

class socket : public std::enable_shared_from_this<socket> {
 public:
  virtual ~socket() = default;

  /// The sid: 20 URL-safe base64 characters from a CSPRNG.
  virtual const std::string& id() const = 0;
  virtual const struct handshake& handshake() const = 0;
  /// "polling" or "websocket" (after an upgrade).
  virtual std::string_view transport() const = 0;
  /// The socket's strand. Listener calls run on it; post here to touch per-socket state.
  virtual net::any_io_executor get_executor() = 0;

  /// The listener is held strongly until on_close. Call from the strand (normally inside the
  /// server's connection handler).
  virtual void set_listener(std::shared_ptr<socket_listener> l) = 0;

  /// Queues a message. Thread-safe (posts to the strand unless already on it). Messages are
  /// written in the order send() was called from one thread. If the queue exceeds
  /// options.max_send_queue_bytes the socket is closed with "transport error". After close:
  /// dropped.
  virtual void send(message m) = 0;

  /// Flushes what is queued, then closes. Thread-safe; idempotent.
  virtual void close() = 0;
};

}  // namespace parley::engineio
