// The server's current TLS context and the files it came from. Each new connection takes the
// current context; reload() (on SIGHUP) swaps in a fresh one built from the same files, so
// connections already open keep the pair they started with. See docs/tls.md.
#pragma once

#include <memory>
#include <mutex>
#include <string>

#include "tls/context.hpp"

namespace parley::tls {

class context_store {
 public:
  /// `initial` is a successful tls::load(cert_file, key_file).
  context_store(loaded initial, std::string cert_file, std::string key_file);

  /// The context new connections use. Thread-safe.
  std::shared_ptr<net::ssl::context> current() const;
  /// SHA-256 fingerprint of the current certificate. Thread-safe.
  std::string fingerprint() const;

  /// Loads the files again. On success new connections get the new pair and "" is returned;
  /// on failure the current pair stays and the reason is returned (one line). Thread-safe.
  std::string reload();

  const std::string& cert_file() const { return cert_file_; }
  const std::string& key_file() const { return key_file_; }

 private:
  const std::string cert_file_;
  const std::string key_file_;
  mutable std::mutex mutex_;  ///< guards current_ and fingerprint_ only
  std::shared_ptr<net::ssl::context> current_;
  std::string fingerprint_;
};

}  // namespace parley::tls
