#include "tls/self_signed.hpp"

#include <fcntl.h>
#include <ifaddrs.h>
#include <netinet/in.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <memory>

#include "core/net.hpp"
#include "tls/context.hpp"

namespace parley::tls {
namespace {

struct x509_free {
  void operator()(X509* x) const { X509_free(x); }
};
struct pkey_free {
  void operator()(EVP_PKEY* k) const { EVP_PKEY_free(k); }
};
struct file_close {
  void operator()(FILE* f) const { std::fclose(f); }
};

/// Adds the subjectAltName and the usual leaf extensions.
bool add_extensions(X509* cert, const self_signed_spec& spec) {
  std::string san;
  for (const auto& d : spec.dns_names) san += (san.empty() ? "DNS:" : ",DNS:") + d;
  for (const auto& a : spec.addresses) san += (san.empty() ? "IP:" : ",IP:") + a;
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, cert, cert, nullptr, nullptr, 0);
  const std::pair<int, std::string> wanted[] = {
      {NID_basic_constraints, "critical,CA:FALSE"},
      {NID_key_usage, "critical,digitalSignature"},
      {NID_ext_key_usage, "serverAuth"},
      {NID_subject_alt_name, san},
  };
  for (const auto& [nid, value] : wanted) {
    if (value.empty()) continue;
    X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value.c_str());
    if (!ext) return false;
    const int ok = X509_add_ext(cert, ext, -1);
    X509_EXTENSION_free(ext);
    if (ok != 1) return false;
  }
  return true;
}

std::unique_ptr<X509, x509_free> make_certificate(EVP_PKEY* key, const self_signed_spec& spec) {
  std::unique_ptr<X509, x509_free> cert(X509_new());
  if (!cert) return nullptr;
  unsigned char serial[16];
  if (RAND_bytes(serial, sizeof serial) != 1) return nullptr;
  serial[0] &= 0x7F;  // positive
  BIGNUM* bn = BN_bin2bn(serial, sizeof serial, nullptr);
  const bool serial_ok = bn && BN_to_ASN1_INTEGER(bn, X509_get_serialNumber(cert.get()));
  BN_free(bn);
  const std::string cn = spec.common_name.substr(0, 64);  // the X.520 upper bound
  X509_NAME* name = X509_get_subject_name(cert.get());
  const bool ok =
      serial_ok && X509_set_version(cert.get(), 2) == 1 &&
      X509_gmtime_adj(X509_getm_notBefore(cert.get()), -3600) &&
      X509_gmtime_adj(X509_getm_notAfter(cert.get()),
                      std::chrono::duration_cast<std::chrono::seconds>(spec.validity).count()) &&
      X509_NAME_add_entry_by_txt(name, "O", MBSTRING_UTF8,
                                 reinterpret_cast<const unsigned char*>("Parley (self-signed)"), -1,
                                 -1, 0) == 1 &&
      (cn.empty() || X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8,
                                                reinterpret_cast<const unsigned char*>(cn.c_str()),
                                                -1, -1, 0) == 1) &&
      X509_set_issuer_name(cert.get(), name) == 1 && X509_set_pubkey(cert.get(), key) == 1 &&
      add_extensions(cert.get(), spec) && X509_sign(cert.get(), key, EVP_sha256()) > 0;
  return ok ? std::move(cert) : nullptr;
}

/// Opens `path` for writing with `mode` (a new file; an old one is replaced).
std::unique_ptr<FILE, file_close> create(const std::string& path, mode_t mode) {
  ::unlink(path.c_str());
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
  if (fd < 0) return nullptr;
  FILE* f = ::fdopen(fd, "w");
  if (!f) ::close(fd);
  return std::unique_ptr<FILE, file_close>(f);
}

/// Whether the pair loads, matches, has begun and stays valid for at least another day.
bool reusable(const std::string& cert_file, const std::string& key_file) {
  const loaded l = load(cert_file, key_file);
  if (!l.context) return false;
  X509* cert = SSL_CTX_get0_certificate(l.context->native_handle());
  time_t tomorrow = std::time(nullptr) + 86400;
  return cert && X509_cmp_current_time(X509_get0_notBefore(cert)) < 0 &&
         X509_cmp_time(X509_get0_notAfter(cert), &tomorrow) > 0;
}

}  // namespace

std::string make_self_signed(const std::string& cert_file, const std::string& key_file,
                             const self_signed_spec& spec) {
  std::unique_ptr<EVP_PKEY, pkey_free> key(EVP_EC_gen("P-256"));
  if (!key) return "cannot make an ECDSA P-256 key: " + openssl_error("unknown error");
  auto cert = make_certificate(key.get(), spec);
  if (!cert) return "cannot make the certificate: " + openssl_error("unknown error");
  auto key_out = create(key_file, 0600);
  if (!key_out) return "cannot write " + key_file + ": " + std::strerror(errno);
  if (PEM_write_PrivateKey(key_out.get(), key.get(), nullptr, nullptr, 0, nullptr, nullptr) != 1 ||
      std::fflush(key_out.get()) != 0)
    return "cannot write " + key_file + ": " + openssl_error(std::strerror(errno));
  auto cert_out = create(cert_file, 0644);
  if (!cert_out) return "cannot write " + cert_file + ": " + std::strerror(errno);
  if (PEM_write_X509(cert_out.get(), cert.get()) != 1 || std::fflush(cert_out.get()) != 0)
    return "cannot write " + cert_file + ": " + openssl_error(std::strerror(errno));
  return {};
}

self_signed ensure_self_signed(const std::string& dir, const self_signed_spec& spec) {
  namespace fs = std::filesystem;
  self_signed out;
  out.cert_file = (fs::path(dir) / "self-signed-cert.pem").string();
  out.key_file = (fs::path(dir) / "self-signed-key.pem").string();
  if (reusable(out.cert_file, out.key_file)) return out;
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) {
    out.error = "cannot create the data folder " + dir + ": " + ec.message();
    return out;
  }
  out.error = make_self_signed(out.cert_file, out.key_file, spec);
  out.created = out.error.empty();
  return out;
}

self_signed_spec local_spec() {
  self_signed_spec spec;
  char name[256] = {};
  if (::gethostname(name, sizeof name - 1) == 0 && name[0]) {
    spec.common_name = name;
    spec.dns_names.push_back(name);
  }
  spec.dns_names.push_back("localhost");
  ifaddrs* list = nullptr;
  if (::getifaddrs(&list) == 0) {
    for (ifaddrs* i = list; i; i = i->ifa_next) {
      if (!i->ifa_addr) continue;
      net::ip::address a;
      if (i->ifa_addr->sa_family == AF_INET) {
        const auto* in = reinterpret_cast<const sockaddr_in*>(i->ifa_addr);
        a = net::ip::address_v4(ntohl(in->sin_addr.s_addr));
      } else if (i->ifa_addr->sa_family == AF_INET6) {
        const auto* in6 = reinterpret_cast<const sockaddr_in6*>(i->ifa_addr);
        net::ip::address_v6::bytes_type bytes;
        std::memcpy(bytes.data(), &in6->sin6_addr, bytes.size());
        a = net::ip::address_v6(bytes);  // no scope: a SAN holds the bare address
      } else {
        continue;
      }
      const std::string text = a.to_string();
      if (std::find(spec.addresses.begin(), spec.addresses.end(), text) == spec.addresses.end())
        spec.addresses.push_back(text);
    }
    ::freeifaddrs(list);
  }
  return spec;
}

}  // namespace parley::tls
