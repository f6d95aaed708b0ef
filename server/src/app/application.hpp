// The parley-server process: opens the store, builds the services, mounts the REST API, the
// Socket.IO endpoint and the web client on one HTTP server, runs one I/O thread per core, and
// shuts down in order on SIGTERM/SIGINT (listener first, clients told, store flushed). Over
// TLS, SIGHUP reloads the certificate and key (docs/tls.md).
#pragma once

#include <memory>
#include <string>

#include "app/config.hpp"

namespace parley::app {

class application {
 public:
  explicit application(config cfg);
  ~application();
  application(const application&) = delete;
  application& operator=(const application&) = delete;

  /// Opens the store and binds the port. On failure returns one line naming the problem
  /// (nothing is left listening); on success an empty string.
  std::string start();

  /// Serves until SIGTERM/SIGINT or stop(), then shuts down within a few seconds. Returns the
  /// process exit code.
  int run();

  /// Begins the orderly shutdown. Thread-safe.
  void stop();

  std::uint16_t port() const;

 private:
  void reload_on_sighup();

  struct parts;
  config cfg_;
  std::unique_ptr<parts> parts_;
};

/// The Content-Security-Policy for the web client's HTML: only our own origin, plus blob:
/// media and the configured STUN/TURN hosts.
std::string content_security_policy(const config& cfg);

}  // namespace parley::app
