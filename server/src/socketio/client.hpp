// One Engine.IO connection as Socket.IO sees it (Node's `Client`): decodes its packets,
// connects it to namespaces (one socketio::socket each), routes packets to those sockets, and
// enforces the connect timeout. Internal to the layer.
//
// Threads: everything runs on the Engine.IO socket's strand.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "core/net.hpp"
#include "engineio/socket.hpp"
#include "socketio/decoder.hpp"
#include "socketio/nsp.hpp"

namespace parley::socketio {

class server;
class socket;

class client final : public engineio::socket_listener, public std::enable_shared_from_this<client> {
 public:
  client(server& srv, std::shared_ptr<engineio::socket> conn);

  /// Installs itself as the connection's listener and arms the connect timeout.
  void start();

  // engineio::socket_listener
  void on_message(std::string_view data, bool binary) override;
  void on_close(std::string_view reason) override;

  /// A socket left its namespace (client or server DISCONNECT).
  void remove(const socket& s);

 private:
  /// The fast path: an EVENT for a raw handler, before any JSON parsing. False when the
  /// packet must take the DOM path.
  bool try_raw(std::string_view data);
  void on_packet(packet p);
  void on_connect(packet p);
  void finish_connect(const std::shared_ptr<socket>& s, std::optional<connect_error> refusal);
  void refuse(const std::string& nsp_name, const connect_error& e);
  void protocol_error(errc e);
  void on_connect_timeout();

  server& server_;
  const std::shared_ptr<engineio::socket> conn_;
  decoder decoder_;
  std::unique_ptr<net::steady_timer> connect_timer_;  ///< until the first CONNECT succeeds
  /// By namespace name: connected sockets and those still in middleware.
  std::map<std::string, std::shared_ptr<socket>, std::less<>> sockets_;
  bool ever_connected_ = false;
  bool closed_ = false;
  std::string close_reason_;  ///< set when we close the connection ourselves
};

}  // namespace parley::socketio
