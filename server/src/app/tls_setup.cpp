#include "app/tls_setup.hpp"

#include <filesystem>

#include "core/log.hpp"
#include "core/net.hpp"
#include "tls/self_signed.hpp"

namespace parley::app {

std::string data_folder(const config& cfg) {
  if (cfg.store.starts_with("sqlite:")) {
    const std::filesystem::path file = cfg.store.substr(7);
    const auto parent = file.parent_path();
    return parent.empty() ? std::string(".") : parent.string();
  }
  return "./data";
}

bool is_loopback_host(const std::string& host) {
  error_code ec;
  const auto address = net::ip::make_address(host, ec);
  return !ec && address.is_loopback();
}

tls_setup setup_tls(const config& cfg) {
  std::string cert = cfg.tls_cert, key = cfg.tls_key;
  bool self_signed = false;
  if (cert.empty()) {
    if (cfg.no_tls || is_loopback_host(cfg.host)) return {};
    const auto made = tls::ensure_self_signed(data_folder(cfg), tls::local_spec());
    if (!made.error.empty()) return {nullptr, "self-signed certificate: " + made.error};
    cert = made.cert_file;
    key = made.key_file;
    self_signed = true;
    if (made.created) log::info("tls_self_signed_created", {{"cert", cert}, {"key", key}});
  }
  tls::loaded l = tls::load(cert, key);
  if (!l.context) return {nullptr, l.error};
  log::info("tls", {{"cert", cert},
                    {"selfSigned", self_signed},
                    {"sha256", l.fingerprint},
                    {"notAfter", l.not_after}});
  return {std::make_shared<tls::context_store>(std::move(l), cert, key), {}};
}

}  // namespace parley::app
