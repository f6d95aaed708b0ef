// One HTTP/1.1 connection: reads requests one at a time (bounded header and body), hands each
// to the root handler, waits for its response (which may come from any thread, much later for
// a long-poll), writes it, and repeats while keep-alive. A WebSocket upgrade hands the
// connection to the handler and ends the session.
//
// `Stream` is beast::tcp_stream (plain) or tls_stream: a TLS session first completes its
// handshake within server_options::tls_handshake_timeout (else the connection is closed), then
// runs the same loop; its responses carry Strict-Transport-Security (docs/tls.md).
//
// Runs as a coroutine on the connection's strand; lives as long as it has pending work.
#pragma once

#include <memory>
#include <optional>
#include <type_traits>

#include "http/handler.hpp"
#include "http/server.hpp"

namespace parley::http {

/// What the listener keeps of a session, whatever its stream.
class session_base {
 public:
  virtual ~session_base() = default;
  /// Closes the connection if it is idle between requests; a request being served finishes
  /// first. Thread-safe.
  virtual void close_when_idle() = 0;
  /// Keeps the connection's slot (connection_limits) for as long as this session lives.
  void hold(std::shared_ptr<void> slot) { slot_ = std::move(slot); }

 private:
  std::shared_ptr<void> slot_;
};

template <class Stream>
class session final : public session_base, public std::enable_shared_from_this<session<Stream>> {
 public:
  static constexpr bool secure = std::is_same_v<Stream, tls_stream>;

  /// `stream_args` follow the socket into Stream's constructor (the ssl::context for TLS).
  template <class... StreamArgs>
  session(const server_options& opts, std::shared_ptr<handler> root, tcp::socket socket,
          StreamArgs&&... stream_args);

  /// Starts the read loop. Call once.
  void start();
  void close_when_idle() override;

 private:
  net::awaitable<void> run();
  /// TLS: the server side of the handshake, bounded by the handshake timeout.
  net::awaitable<bool> handshake();
  /// Reads one request; nullopt when the connection is done (an error answer was written or
  /// the peer went away).
  net::awaitable<std::optional<request>> read_request(beast::flat_buffer& buffer);
  /// Calls the handler and suspends until it responds.
  net::awaitable<response> serve(request req);
  net::awaitable<bool> write(response res);
  beast::tcp_stream& lowest() { return beast::get_lowest_layer(stream_); }
  /// After an early error answer: reads and discards what the peer still sends, for a short
  /// while, so that closing with unread bytes does not reset the connection before the peer
  /// has read the answer (docs/architecture.md, "HTTP").
  net::awaitable<void> linger();

  Stream stream_;
  const server_options& opts_;
  std::shared_ptr<handler> root_;
  peer peer_;
  net::steady_timer wake_;  ///< cancelled when the handler's response arrives
  std::optional<response> pending_;
  bool idle_ = true;
  bool closing_ = false;
  bool unread_body_ = false;  ///< an error answer went out before the request body was read
};

extern template class session<beast::tcp_stream>;
extern template class session<tls_stream>;

}  // namespace parley::http
