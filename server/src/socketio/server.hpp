// Socket.IO v5 server (Node's `Server`) on top of Engine.IO v4.
//
//   auto eio = std::make_shared<engineio::server>(ioc.get_executor(), eio_opts);
//   socketio::server io({.connect_timeout = 45s});
//   io.of("/").use([](auto& s, auto next) { next(std::nullopt); });
//   io.of("/").on_connection([](const std::shared_ptr<socketio::socket>& s) {
//     s->on("ping", [](socketio::payload args, socketio::ack ack) { ack(std::move(args)); });
//   });
//   io.attach(*eio);       // then mount eio on the HTTP router at "/socket.io/"
//
// Protocol handling (see docs/protocol.md): packets CONNECT, DISCONNECT, EVENT, ACK,
// CONNECT_ERROR, BINARY_EVENT, BINARY_ACK; several namespaces per Engine.IO connection; CONNECT
// to an unknown namespace gets CONNECT_ERROR {"message":"Invalid namespace"}; a malformed
// packet, a CONNECT to an already connected or connecting namespace, or a client CONNECT_ERROR
// closes that Engine.IO connection (and only it); a connection that has not connected to any
// namespace within connect_timeout is closed. Packets for a namespace the client is not
// connected to are ignored (they race with server-side disconnects).
//
// Lifetime: the server must outlive the Engine.IO servers attached to it and every socket
// (shut the Engine.IO servers down first). Namespaces live as long as the server.
#pragma once

#include <chrono>
#include <cstddef>
#include <map>
#include <memory>
#include <shared_mutex>
#include <string>
#include <string_view>

#include "socketio/nsp.hpp"
#include "socketio/socket.hpp"

namespace parley::engineio {
class server;
class socket;
}  // namespace parley::engineio

namespace parley::socketio {

struct options {
  /// Socket.IO default (45 s): an Engine.IO connection must CONNECT to a namespace within this
  /// long, so idle handshakes cannot pile up.
  std::chrono::milliseconds connect_timeout{45000};
  /// Most binary attachments in one packet; more is a protocol error. Real clients send one per
  /// Buffer argument, so 64 is generous while bounding the reassembly state.
  std::size_t max_attachments = 64;
  /// Most bytes in one packet's attachments together. Engine.IO's max_payload bounds each
  /// message only; this bounds what one connection can make the server buffer (Engine.IO's
  /// default max_payload).
  std::size_t max_attachment_bytes = 1'000'000;
};

class server {
 public:
  explicit server(options opts = {});
  ~server();
  server(const server&) = delete;
  server& operator=(const server&) = delete;

  /// The namespace `name` ("/" or "/chat"), created on first use. Names without a leading "/"
  /// get one. Thread-safe; the reference stays valid for the server's life.
  nsp& of(std::string_view name);
  /// The namespace if it exists, else null. Thread-safe.
  nsp* find(std::string_view name) const;

  /// Serves every new session of `eio` (sets its connection handler).
  void attach(engineio::server& eio);
  /// Serves one Engine.IO session. Call on the session's strand (as engineio::server's
  /// connection handler does); sets its listener.
  void accept(const std::shared_ptr<engineio::socket>& conn);

  const socketio::options& opts() const { return opts_; }

 private:
  const socketio::options opts_;
  mutable std::shared_mutex mu_;
  std::map<std::string, std::unique_ptr<nsp>, std::less<>> nsps_;
};

}  // namespace parley::socketio
