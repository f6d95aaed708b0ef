#include "tls/context.hpp"

#include <fcntl.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <optional>

namespace parley::tls {
namespace {

/// TLS 1.2 suites for forward secrecy with AEAD only (Mozilla "intermediate"); TLS 1.3 suites
/// are OpenSSL's defaults, all of which qualify.
constexpr const char* tls12_ciphers =
    "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:"
    "ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:"
    "ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305";

struct bio_free {
  void operator()(BIO* b) const { BIO_free(b); }
};
struct x509_free {
  void operator()(X509* x) const { X509_free(x); }
};
struct pkey_free {
  void operator()(EVP_PKEY* k) const { EVP_PKEY_free(k); }
};
using bio_ptr = std::unique_ptr<BIO, bio_free>;
using x509_ptr = std::unique_ptr<X509, x509_free>;
using pkey_ptr = std::unique_ptr<EVP_PKEY, pkey_free>;

/// The whole file, or nullopt with `error` set to "cannot read FILE: reason".
std::optional<std::string> read_file(const std::string& path, std::string& error) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  std::string text;
  bool ok = fd >= 0;
  char chunk[4096];
  while (ok) {
    const ssize_t n = ::read(fd, chunk, sizeof chunk);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      ok = n == 0;
      break;
    }
    // A certificate chain is a few KiB; anything this large is not one (e.g. a device).
    if (text.size() > (1u << 20)) {
      errno = EFBIG;
      ok = false;
      break;
    }
    text.append(chunk, static_cast<std::size_t>(n));
  }
  const int saved = errno;
  if (fd >= 0) ::close(fd);
  if (!ok) {
    error = "cannot read " + path + ": " + std::strerror(saved);
    return std::nullopt;
  }
  return text;
}

bio_ptr memory_bio(const std::string& text) {
  return bio_ptr(BIO_new_mem_buf(text.data(), static_cast<int>(text.size())));
}

/// A passphrase callback that declines: an encrypted key fails instead of prompting on a tty.
int no_passphrase(char*, int, int, void*) {
  return 0;
}

/// Offers "http/1.1" when the client lists it; otherwise no ALPN (the client falls back to
/// HTTP/1.1 anyway, and an h2-only client fails on the first request rather than here).
int select_alpn(SSL*, const unsigned char** out, unsigned char* outlen, const unsigned char* in,
                unsigned int inlen, void*) {
  static const unsigned char http11[] = {8, 'h', 't', 't', 'p', '/', '1', '.', '1'};
  unsigned char* selected = nullptr;
  if (SSL_select_next_proto(&selected, outlen, http11, sizeof http11, in, inlen) !=
      OPENSSL_NPN_NEGOTIATED)
    return SSL_TLSEXT_ERR_NOACK;
  *out = selected;
  return SSL_TLSEXT_ERR_OK;
}

std::shared_ptr<net::ssl::context> make_server_context() {
  auto ctx = std::make_shared<net::ssl::context>(net::ssl::context::tls_server);
  SSL_CTX* h = ctx->native_handle();
  SSL_CTX_set_min_proto_version(h, TLS1_2_VERSION);
  SSL_CTX_set_options(
      h, SSL_OP_NO_COMPRESSION | SSL_OP_NO_RENEGOTIATION | SSL_OP_CIPHER_SERVER_PREFERENCE);
  SSL_CTX_set_cipher_list(h, tls12_ciphers);
  // Idle connections give their 34 KiB of record buffers back: meetings hold many of them.
  SSL_CTX_set_mode(h, SSL_MODE_RELEASE_BUFFERS);
  SSL_CTX_set_alpn_select_cb(h, select_alpn, nullptr);
  SSL_CTX_set_default_passwd_cb(h, no_passphrase);
  return ctx;
}

std::string asn1_time_text(const ASN1_TIME* t) {
  bio_ptr out(BIO_new(BIO_s_mem()));
  if (!out || ASN1_TIME_print(out.get(), t) != 1) return {};
  char* data = nullptr;
  const long size = BIO_get_mem_data(out.get(), &data);
  return std::string(data, static_cast<std::size_t>(size));
}

loaded failure(std::string message) {
  ERR_clear_error();
  return loaded{nullptr, std::move(message), {}, {}};
}

}  // namespace

std::string openssl_error(const std::string& fallback) {
  const unsigned long code = ERR_get_error();
  ERR_clear_error();
  if (code == 0) return fallback;
  char text[256];
  ERR_error_string_n(code, text, sizeof text);
  return text;
}

std::string fingerprint(X509* cert) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  if (X509_digest(cert, EVP_sha256(), md, &size) != 1) return {};
  static constexpr char hex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned int i = 0; i < size; ++i) {
    if (i) out.push_back(':');
    out.push_back(hex[md[i] >> 4]);
    out.push_back(hex[md[i] & 0xF]);
  }
  return out;
}

loaded load(const std::string& cert_file, const std::string& key_file) {
  std::string error;
  const auto cert_text = read_file(cert_file, error);
  if (!cert_text) return failure("--tls-cert: " + error);
  const auto key_text = read_file(key_file, error);
  if (!key_text) return failure("--tls-key: " + error);

  auto ctx = make_server_context();
  SSL_CTX* h = ctx->native_handle();
  bio_ptr certs = memory_bio(*cert_text);
  x509_ptr leaf(PEM_read_bio_X509_AUX(certs.get(), nullptr, no_passphrase, nullptr));
  if (!leaf) return failure("--tls-cert: " + cert_file + " holds no PEM certificate");
  if (SSL_CTX_use_certificate(h, leaf.get()) != 1)
    return failure("--tls-cert: " + cert_file + ": " + openssl_error("certificate refused"));
  // The rest of the file is the chain, sent after the leaf.
  while (X509* extra = PEM_read_bio_X509(certs.get(), nullptr, no_passphrase, nullptr)) {
    if (SSL_CTX_add0_chain_cert(h, extra) != 1) {
      X509_free(extra);
      return failure("--tls-cert: " + cert_file + ": " + openssl_error("chain refused"));
    }
  }
  ERR_clear_error();  // the loop ends on "no start line"

  bio_ptr keys = memory_bio(*key_text);
  pkey_ptr key(PEM_read_bio_PrivateKey(keys.get(), nullptr, no_passphrase, nullptr));
  if (!key)
    return failure("--tls-key: " + key_file +
                   " holds no PEM private key (or an encrypted one, which is not supported)");
  if (SSL_CTX_use_PrivateKey(h, key.get()) != 1 || SSL_CTX_check_private_key(h) != 1)
    return failure("--tls-key: the key in " + key_file + " does not match the certificate in " +
                   cert_file);
  return loaded{
      std::move(ctx), {}, fingerprint(leaf.get()), asn1_time_text(X509_get0_notAfter(leaf.get()))};
}

}  // namespace parley::tls
