// Accepts TCP connections and starts an http::session on a strand of its own for each.
// Keeps weak references to live sessions so stop() can close the idle ones.
#pragma once

#include <memory>
#include <mutex>
#include <vector>

#include "http/handler.hpp"
#include "http/server.hpp"

namespace parley::http {

class session;

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
  void track(const std::shared_ptr<session>& s);

  net::io_context& ioc_;
  const server_options& opts_;
  std::shared_ptr<handler> root_;
  tcp::acceptor acceptor_;
  std::uint16_t port_ = 0;
  std::mutex mutex_;  ///< guards sessions_ only
  std::vector<std::weak_ptr<session>> sessions_;
};

}  // namespace parley::http
