// One Socket.IO v5 client spoken by hand over a raw Engine.IO v4 websocket
// (`/socket.io/?EIO=4&transport=websocket`): open packet, CONNECT with `{"token":...}` auth,
// pong on every ping, emit of ready-made packets, and a callback per incoming packet.
//
// With use_tls(true) every client speaks wss://: the TLS handshake is part of its connect, so a
// join storm pays it. Certificates are not checked (the bench measures servers, not PKI).
//
// Everything runs on the loadgen's single io_context thread; handler calls happen there.
// A client keeps itself alive (shared_from_this) until its socket is closed.
#pragma once

#include <boost/beast/websocket/ssl.hpp>  // teardown of a WebSocket over ssl::stream
#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

#include "core/net.hpp"

namespace parley::bench {

class sio_client : public std::enable_shared_from_this<sio_client> {
 public:
  // Notified by the client; `tag` tells the owner which of its slots this client fills.
  class handler {
   public:
    virtual ~handler() = default;
    // The namespace CONNECT was acknowledged; `sid()` is now the Socket.IO socket id.
    virtual void on_open(sio_client& c) = 0;
    // A Socket.IO packet without its Engine.IO "4" prefix, e.g. `2["user-joined",{...}]`.
    virtual void on_packet(sio_client& c, std::string_view packet) = 0;
    // The connection ended or never opened; `why` names the step that failed.
    virtual void on_close(sio_client& c, std::string_view why) = 0;
  };

  sio_client(net::io_context& io, handler& h, std::size_t tag);

  // Makes every client constructed after it speak TLS (or not). Call before the scenario.
  static void use_tls(bool on);
  // The client-side TLS context every connection shares.
  static net::ssl::context& tls_context();

  // Connects from `source` (an explicit loopback address, so that each source address brings
  // its own ~28k ephemeral ports) to `target`, then performs both handshakes.
  void start(tcp::endpoint target, net::ip::address source, std::string token);

  // Queues one Socket.IO packet (without the Engine.IO "4"). Frames queued while a write is
  // in flight go out together in the next write: one syscall for many messages.
  void emit(std::string_view packet);

  void close();
  // Stops all handler calls (the handler is going away); the connection itself stays as is.
  void detach() { handler_ = nullptr; }

  std::size_t tag() const { return tag_; }
  const std::string& sid() const { return sid_; }
  bool is_open() const { return open_; }

 private:
  net::awaitable<void> run(tcp::endpoint target, net::ip::address source, std::string token);
  net::awaitable<std::string_view> read_frame(std::string_view step);
  void send_raw(std::string_view engineio_prefix, std::string_view body);
  void write_next();
  void dispatch(std::string_view frame);
  void finish(std::string_view why);

  tcp::socket& socket() { return wss_ ? wss_->next_layer().next_layer() : ws_.next_layer(); }

  websocket::stream<tcp::socket> ws_;
  // Set on a TLS client: the connection, and the TLS stream raw frames are written to.
  std::unique_ptr<websocket::stream<net::ssl::stream<tcp::socket>>> wss_;
  beast::flat_buffer in_;
  std::string queued_;       // encoded frames waiting for the write in flight
  std::string writing_buf_;  // the frames of the write in flight
  handler* handler_;
  std::size_t tag_;
  std::string sid_;
  bool writing_ = false;
  bool open_ = false;
  bool finished_ = false;
};

}  // namespace parley::bench
