// The HTTP/1.1 listener: accepts connections, reads requests with bounded header and body
// sizes, hands each to a handler (normally an http::router), writes responses one at a time,
// and hands WebSocket upgrades over. Adds the contract's security headers to every response.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/cidr.hpp"
#include "http/handler.hpp"
#include "tls/context_store.hpp"

namespace parley::http {

struct server_options {
  std::string host = "127.0.0.1";
  std::uint16_t port = 8080;  ///< 0 picks a free port; see server::port()
  /// Request line plus headers; larger gets 431. 16 KiB fits any real browser request.
  std::size_t max_header_bytes = 16 * 1024;
  /// A connection idle between requests (or stuck mid-request) this long is closed.
  std::chrono::seconds idle_timeout{60};
  /// A request's line and headers must arrive within this (docs/api.md "Connections"): a
  /// client trickling header bytes (slowloris) cannot hold a connection for long. It also
  /// bounds how long a keep-alive connection waits idle for its next request.
  std::chrono::seconds header_timeout{10};
  /// Pending accepts in the kernel queue; sized for connect storms of thousands of clients.
  int backlog = 4096;
  /// Set: every connection speaks TLS with the store's current context (docs/tls.md).
  std::shared_ptr<tls::context_store> tls;
  /// A TLS client must finish its handshake within this, or the connection is closed: a
  /// silent or garbage-sending peer holds a descriptor no longer than this.
  std::chrono::seconds tls_handshake_timeout{10};
  /// Connections open at once, in all and from one client address (docs/api.md
  /// "Connections"); one more is closed at once. Addresses in `uncounted_addresses` (trusted
  /// proxies) count only in the total.
  std::size_t max_connections = 50'000;
  std::size_t max_connections_per_address = 20'000;
  std::vector<core::cidr> uncounted_addresses;
};

class listener;

class server {
 public:
  server(net::io_context& ioc, server_options opts, std::shared_ptr<handler> root);
  ~server();
  server(const server&) = delete;
  server& operator=(const server&) = delete;

  /// Binds and starts accepting. Errors (address in use, bad host) are returned, not thrown.
  error_code listen();
  /// The bound port (useful with port 0).
  std::uint16_t port() const;
  /// Stops accepting new connections and closes idle keep-alive connections. Thread-safe.
  void stop();

 private:
  net::io_context& ioc_;
  server_options opts_;
  std::shared_ptr<handler> root_;
  std::shared_ptr<listener> listener_;
};

}  // namespace parley::http
