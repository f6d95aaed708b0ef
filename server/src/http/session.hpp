// One HTTP/1.1 connection: reads requests one at a time (bounded header and body), hands each
// to the root handler, waits for its response (which may come from any thread, much later for
// a long-poll), writes it, and repeats while keep-alive. A WebSocket upgrade hands the
// connection to the handler and ends the session.
//
// Runs as a coroutine on the connection's strand; lives as long as it has pending work.
#pragma once

#include <memory>
#include <optional>

#include "http/handler.hpp"
#include "http/server.hpp"

namespace parley::http {

class session : public std::enable_shared_from_this<session> {
 public:
  session(tcp::socket socket, const server_options& opts, std::shared_ptr<handler> root);

  /// Starts the read loop. Call once.
  void start();
  /// Closes the connection if it is idle between requests; a request being served finishes
  /// first. Thread-safe.
  void close_when_idle();

 private:
  net::awaitable<void> run();
  /// Reads one request; nullopt when the connection is done (an error answer was written or
  /// the peer went away).
  net::awaitable<std::optional<request>> read_request(beast::flat_buffer& buffer);
  /// Calls the handler and suspends until it responds.
  net::awaitable<response> serve(request req);
  net::awaitable<bool> write(response res);
  /// After an early error answer: reads and discards what the peer still sends, for a short
  /// while, so that closing with unread bytes does not reset the connection before the peer
  /// has read the answer (docs/architecture.md, "HTTP").
  net::awaitable<void> linger();

  beast::tcp_stream stream_;
  const server_options& opts_;
  std::shared_ptr<handler> root_;
  peer peer_;
  net::steady_timer wake_;  ///< cancelled when the handler's response arrives
  std::optional<response> pending_;
  bool idle_ = true;
  bool closing_ = false;
  bool unread_body_ = false;  ///< an error answer went out before the request body was read
};

}  // namespace parley::http
