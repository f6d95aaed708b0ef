// Server TLS contexts built from a PEM certificate (chain) and key: TLS 1.2 and 1.3 only,
// ALPN "http/1.1", server-side session cache. See docs/tls.md.
#pragma once

#include <memory>
#include <string>

#include "core/net.hpp"

namespace parley::tls {

/// A context ready to serve, or one line naming what is wrong with the files.
struct loaded {
  std::shared_ptr<net::ssl::context> context;  ///< null on failure
  std::string error;        ///< e.g. "--tls-key: key.pem does not match the certificate"
  std::string fingerprint;  ///< SHA-256 of the leaf certificate (DER), "AB:CD:..."
  std::string not_after;    ///< the leaf's expiry, as OpenSSL prints it
};

/// Reads `cert_file` (a PEM leaf certificate, optionally followed by its chain) and `key_file`
/// (a PEM private key, not encrypted) and builds a server context. Errors name the flag and
/// the file: missing or unreadable, no PEM certificate/key in it, the key not matching the
/// certificate. Never prompts for a passphrase. Thread-safe.
loaded load(const std::string& cert_file, const std::string& key_file);

/// SHA-256 of `cert`'s DER encoding as colon-separated upper-case hex (what browsers show).
std::string fingerprint(X509* cert);

/// The text of the last OpenSSL error on this thread (and clears the queue), or `fallback`.
std::string openssl_error(const std::string& fallback);

}  // namespace parley::tls
