// Accepts TCP connections and starts an http::session on a strand of its own for each: a TLS
// one with the current context when server_options::tls is set, else a plain one. Keeps weak
// references to live sessions so stop() can close the idle ones.
#pragma once

#include <memory>
#include <mutex>
#include <vector>

#include "http/connection_limits.hpp"
#include "http/handler.hpp"
#include "http/server.hpp"

namespace parley::http {

class session_base;

class listener : public std::enable_shared_from_this<listener> {
 public:
  listener(net::io_context& ioc, const server_options& opts, std::shared_ptr<handler> root);

  error_code open(const tcp::endpoint& ep, int backlog);
  void start();
  /// Closes the acceptor, then every session that is idle between requests. Thread-safe.
  void stop();
  std::uint16_t port() const { return port_; }

 private:
  net::awaitable<void> accept_loop();
  void track(const std::shared_ptr<session_base>& s);
  /// Logs a connection refused over a cap, now and then rather than per refusal.
  void log_refusal() const;

  net::io_context& ioc_;
  const server_options& opts_;
  std::shared_ptr<handler> root_;
  std::shared_ptr<connection_limits> limits_;
  tcp::acceptor acceptor_;
  std::uint16_t port_ = 0;
  std::mutex mutex_;  ///< guards sessions_ only
  std::vector<std::weak_ptr<session_base>> sessions_;
};

}  // namespace parley::http
