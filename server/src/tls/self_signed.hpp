// The LAN default (docs/tls.md, "Self-signed certificate"): with a non-loopback --host and no
// --tls-cert, the server serves TLS with a certificate of its own, made once in the data
// folder and reused on every later start.
#pragma once

#include <chrono>
#include <string>
#include <vector>

namespace parley::tls {

/// Where the pair lives and what happened.
struct self_signed {
  std::string cert_file;
  std::string key_file;
  bool created = false;  ///< made now (else reused)
  std::string error;     ///< one line; empty on success
};

/// What goes into a new certificate.
struct self_signed_spec {
  std::string common_name;             ///< the host name
  std::vector<std::string> dns_names;  ///< subjectAltName DNS entries
  std::vector<std::string> addresses;  ///< subjectAltName IP entries (IPv4/IPv6 text)
  std::chrono::hours validity{24 * 365};
};

/// `dir`/self-signed-cert.pem and `dir`/self-signed-key.pem: reused when both load, match and
/// the certificate is valid for at least another day; otherwise made anew from `spec`
/// (ECDSA P-256, SHA-256, serverAuth; the key file mode 0600). Creates `dir` if needed.
self_signed ensure_self_signed(const std::string& dir, const self_signed_spec& spec);

/// Writes a new pair to the two files (the function behind ensure_self_signed).
std::string make_self_signed(const std::string& cert_file, const std::string& key_file,
                             const self_signed_spec& spec);

/// This machine's host name and every address of its interfaces (the SANs of the LAN default).
self_signed_spec local_spec();

}  // namespace parley::tls
