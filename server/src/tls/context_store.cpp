#include "tls/context_store.hpp"

namespace parley::tls {

context_store::context_store(loaded initial, std::string cert_file, std::string key_file)
    : cert_file_(std::move(cert_file)),
      key_file_(std::move(key_file)),
      current_(std::move(initial.context)),
      fingerprint_(std::move(initial.fingerprint)) {}

std::shared_ptr<net::ssl::context> context_store::current() const {
  std::lock_guard lock(mutex_);
  return current_;
}

std::string context_store::fingerprint() const {
  std::lock_guard lock(mutex_);
  return fingerprint_;
}

std::string context_store::reload() {
  loaded fresh = load(cert_file_, key_file_);  // outside the lock: file I/O
  if (!fresh.context) return fresh.error;
  std::lock_guard lock(mutex_);
  // The old context lives on in the connections that hold it (each SSL object references
  // its SSL_CTX), so swapping never disturbs an open connection.
  current_ = std::move(fresh.context);
  fingerprint_ = std::move(fresh.fingerprint);
  return {};
}

}  // namespace parley::tls
