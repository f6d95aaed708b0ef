// The WebSocket side of a session (or of an upgrade probe): one read loop, one write in flight,
// a queue of packets whose text messages go out as a gather write ("4" + shared payload), so a
// broadcast's bytes are never copied per socket.
//
// Strand-confined: every method is called on, and every handler runs on, the owning session's
// strand. Lives through its pending operations (shared_from_this); reports to its owner through
// a weak reference, so it never keeps a session alive.
#pragma once

#include <cstddef>
#include <deque>
#include <functional>
#include <memory>
#include <string_view>

#include "engineio/packet.hpp"
#include "http/handler.hpp"

namespace parley::engineio {

class websocket_transport;

/// What a websocket_transport reports to its owner (on the strand).
class websocket_events {
 public:
  /// One complete message; `data` is valid only during the call.
  virtual void on_frame(websocket_transport& t, std::string_view data, bool binary) = 0;
  /// The connection ended: "transport close" (peer closed or went away) or "transport error"
  /// (protocol violation, message over the limit). Reported once.
  virtual void on_closed(websocket_transport& t, std::string_view reason) = 0;

 protected:
  ~websocket_events() = default;
};

class websocket_transport : public std::enable_shared_from_this<websocket_transport> {
 public:
  /// Takes over an upgraded connection; its I/O is rebound to `strand`. Messages over
  /// `max_message` bytes fail the connection.
  websocket_transport(beast::tcp_stream stream, net::any_io_executor strand,
                      std::size_t max_message);

  /// Completes the WebSocket handshake for `req`; `done(ec)` runs on the strand.
  void accept(http::request req, std::function<void(error_code)> done);
  /// Starts the read loop, reporting to `events`.
  void start(std::weak_ptr<websocket_events> events);

  void send(out_packet p);
  /// Like send(), but the write starts only once the frames already received have been
  /// delivered: the probe's "3probe" must not overtake a "5" sent right behind "2probe".
  /// Call from on_frame().
  void send_after_input(out_packet p);
  /// Bytes queued and not yet written (the slow-consumer measure).
  std::size_t queued_bytes() const { return queued_bytes_; }

  /// Writes what is queued, then closes with a close frame. Idempotent.
  void close_after_flush();
  /// Drops the TCP connection now (slow consumer, session gone). Idempotent.
  void abort();

 private:
  void read();
  void on_read(error_code ec);
  void write_next();
  void on_write(error_code ec);
  void report_closed(std::string_view reason);

  websocket::stream<beast::tcp_stream> ws_;
  http::request upgrade_request_;  ///< kept alive while async_accept runs
  beast::flat_buffer buffer_;
  std::deque<out_packet> queue_;
  std::size_t queued_bytes_ = 0;
  std::weak_ptr<websocket_events> events_;
  bool writing_ = false;
  bool hold_writes_ = false;  ///< send_after_input() waits for the next read to be queued
  bool close_requested_ = false;
  bool closing_ = false;
  bool aborted_ = false;
  bool reported_ = false;
};

}  // namespace parley::engineio
