// GET /healthz, GET /metrics, POST /api/uplink-probe.
#include "api/resources.hpp"

namespace parley::api::resources {

result healthz(const call& c) {
  if (auto r = c.svc.check_store(); !r) return r.error();
  return json_reply(bhttp::status::ok, {{"status", "ok"}});
}

namespace {

bool is_loopback(std::string_view address) {
  return address.starts_with("127.") || address == "::1" || address.starts_with("::ffff:127.");
}

/// Compares in time independent of where the strings differ.
bool same_secret(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  unsigned char diff = 0;
  for (std::size_t i = 0; i < a.size(); ++i) diff |= static_cast<unsigned char>(a[i] ^ b[i]);
  return diff == 0;
}

}  // namespace

result metrics_text(const call& c) {
  // docs/api.md "GET /metrics": loopback callers only, unless a --metrics-token is set; then
  // only callers presenting it.
  const std::string_view secret = c.opts ? std::string_view(c.opts->metrics_token) : "";
  const bool allowed =
      secret.empty() ? is_loopback(c.client_address) : same_secret(c.token, secret);
  if (!allowed) return domain::errc::forbidden;
  return reply{bhttp::status::ok,
               "text/plain; version=0.0.4; charset=utf-8",
               c.metrics.render(),
               {},
               nullptr};
}

result uplink_probe(const call&) {
  return no_content();  // the body was read (up to the body limit) and is dropped
}

}  // namespace parley::api::resources
