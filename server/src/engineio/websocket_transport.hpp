// The WebSocket side of a session (or of an upgrade probe), framed here rather than by a
// Beast stream: the connection owns only its socket, a scrap of any partial frame and its
// send queue, so an idle client costs little memory, and a burst of messages costs one read
// and one write system call.
//
// Reading: wait for readability, then read into a per-thread buffer until the socket is
// drained, unmasking and delivering every complete message in place. Writing: every packet
// queued before the deferred flush runs goes out in one gather write, straight from the
// caller's thread (small payloads copied behind their frame headers, large ones written from
// the shared broadcast buffer); only what the socket does not take at once is copied into
// the connection and written asynchronously.
//
// Over TLS (docs/tls.md) the system calls are the same: after the handshake the connection
// drives the session's OpenSSL object itself, through a BIO over its own buffers. Reading
// hands the bytes drained from the socket to OpenSSL and frames what it decrypts; writing
// encrypts the gathered frames (one record per 16 KiB) and writes the ciphertext like plain
// bytes, with the same backlog for what the socket does not take.
//
// Serialized: every method is called on, and every handler runs on, the owning session's
// executor (a strand, or the io_context's own executor when it runs on one thread). Lives
// through its pending operations (shared_from_this); reports to its owner through a weak
// reference, so it never keeps a session alive.
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/net.hpp"
#include "engineio/packet.hpp"
#include "engineio/websocket_frame.hpp"
#include "http/handler.hpp"

namespace parley::engineio {

class websocket_transport;

namespace detail {
struct ssl_free {
  void operator()(SSL* ssl) const { SSL_free(ssl); }
};
/// A TLS connection's OpenSSL state after the handshake (websocket_transport_tls.cpp). The
/// BIO that OpenSSL reads and writes through serves these buffers.
struct tls_io {
  std::unique_ptr<SSL, ssl_free> ssl;
  const char* in = nullptr;  ///< ciphertext read off the socket, not yet taken by OpenSSL
  std::size_t in_size = 0;
  std::string pending;          ///< ciphertext OpenSSL wrote outside a flush (alerts)
  std::string* out = &pending;  ///< where OpenSSL's output goes now
  std::string early;            ///< ciphertext the handshake's stream had read but OpenSSL had not
};
}  // namespace detail

/// What a websocket_transport reports to its owner (on the owner's executor).
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
  /// Takes over an upgraded connection (plain or TLS); its I/O completes on `executor`.
  /// Messages over `max_message` bytes fail the connection.
  websocket_transport(http::connection conn, net::any_io_executor executor,
                      std::size_t max_message);
  ~websocket_transport();

  /// Writes `switching_protocols`, the 101 answer to the opening handshake
  /// (ws::switching_protocols); `done(ec)` runs on the executor.
  void accept(std::string switching_protocols, std::function<void(error_code)> done);
  /// Starts the read loop, reporting to `events`.
  void start(std::weak_ptr<websocket_events> events);

  void send(out_packet p);
  /// Like send(), but nothing is written before every message already received has been
  /// delivered: the probe's "3probe" must not overtake a "5" sent right behind "2probe".
  /// Call from on_frame().
  void send_after_input(out_packet p);
  /// Bytes queued and not yet written, plus the pongs answered while writes were stalled
  /// (the slow-consumer measure; docs/protocol.md "Slow consumers").
  std::size_t queued_bytes() const { return queued_bytes_ + control_debt_; }
  /// The slow-consumer bound: a connection whose queued_bytes() passes it stops being read
  /// and is dropped ("transport error"). Unbounded until set.
  void set_output_limit(std::size_t bytes) { output_limit_ = bytes; }

  /// Writes what is queued, then closes with a close frame. Idempotent.
  void close_after_flush();
  /// Drops the TCP connection now (slow consumer, session gone). Idempotent.
  void abort();

 private:
  void wait_readable();
  void on_readable(error_code ec);
  /// Drains the socket, then releases held writes; continues later if the turn ran out.
  void read_available();
  /// Reads until the socket would block or the connection ended (false), or until this
  /// connection's turn is over with bytes still waiting (true).
  bool drain();
  /// Frames the `n` bytes just read at `data` (after any partial frame kept from before);
  /// false when the connection failed or closed.
  bool take(char* data, std::size_t n);
  /// TLS: decrypts the `n` bytes at `data` and frames the plaintext; false when the
  /// connection failed or closed. OpenSSL takes every byte.
  bool tls_take(const char* data, std::size_t n);
  /// TLS: encrypts what OpenSSL still had to send, then `frames`, into `out` (replaced);
  /// false when OpenSSL refused (a failed connection).
  bool tls_encrypt(const std::vector<net::const_buffer>& frames, std::string& out);
  /// TLS: before the TCP connection is dropped, a close_notify (or the alert a failure
  /// produced) is put on the socket if it takes it at once.
  void tls_close_notify();
  /// Delivers every complete frame at the front of `in`; returns the bytes consumed, or
  /// nullopt when the connection failed or closed.
  std::optional<std::size_t> consume(char* in, std::size_t size);
  bool on_frame(const ws::frame_header& h, char* payload);
  bool deliver(ws::opcode op, std::string_view message);
  void fail(ws::close_code code);
  void on_peer_close(std::string_view payload);

  void schedule_flush();
  /// Encodes control_ and queue_ into frames: buffers over a per-thread scratch area and the
  /// packets' shared payloads, valid until the next call on this thread.
  const std::vector<net::const_buffer>& encode_queue();
  /// Whether anything waits to be written: frames, or (TLS) OpenSSL's own output.
  bool has_output() const;
  void flush();
  /// Writes backlog_ asynchronously; on_written() follows.
  void write_backlog(bool closing_now);
  void on_written(error_code ec, bool closing_now);
  void on_close_written();
  void queue_control(ws::opcode op, std::string_view payload);
  /// Answers a ping: only the latest unwritten pong is kept (RFC 6455 section 5.5.3); the
  /// ones it replaces count toward queued_bytes(). False when that passed the output limit.
  bool queue_pong(std::string_view payload);
  /// Whether output is over its bound: then reading stops and the connection is dropped.
  bool over_output_limit();
  void start_closing(ws::close_code code);
  void report_closed(std::string_view reason);

  /// TLS only: take over the session's OpenSSL object from `stream` (docs/tls.md); null when
  /// its state cannot be taken over (then the connection fails at its first write).
  static std::unique_ptr<detail::tls_io> adopt_tls(http::tls_stream& stream);

  tcp::socket socket_;                   ///< the connection (non-blocking)
  std::unique_ptr<detail::tls_io> tls_;  ///< null on a plain connection
  const std::size_t max_message_;
  std::weak_ptr<websocket_events> events_;

  std::string partial_;                                 ///< bytes of a frame not yet complete
  std::string fragments_;                               ///< a fragmented message being assembled
  ws::opcode fragments_op_ = ws::opcode::continuation;  ///< continuation: none in progress

  std::vector<out_packet> queue_;  ///< waiting for the next write
  std::string control_;            ///< encoded control frames for the next write
  std::string pong_;               ///< payload of the pong for the next write
  bool pong_pending_ = false;      ///< pong_ is to be written
  std::size_t control_debt_ = 0;   ///< bytes of pongs replaced before they were written
  std::size_t output_limit_ = static_cast<std::size_t>(-1);
  std::string backlog_;  ///< unwritten rest of the last write; non-empty: in flight
  std::size_t queued_bytes_ = 0;
  std::unique_ptr<net::steady_timer> close_timer_;  ///< only while closing

  bool flush_scheduled_ = false;
  bool hold_writes_ = false;      ///< send_after_input(): wait for the input batch to end
  bool close_requested_ = false;  ///< close once the queue is written
  bool close_sent_ = false;
  ws::close_code close_code_{};  ///< what our close frame carries ({}: no code)
  bool input_closed_ = false;    ///< the peer's close frame or a failure ended reading
  bool aborted_ = false;
  bool reported_ = false;
};

}  // namespace parley::engineio
