#include "http/router.hpp"

#include <algorithm>

#include "http/responses.hpp"

namespace parley::http {

void router::mount(std::string prefix, std::shared_ptr<handler> h) {
  routes_.emplace_back(std::move(prefix), std::move(h));
  // Longest prefix first, so "/api/meetings/" could override "/api/".
  std::sort(routes_.begin(), routes_.end(),
            [](const auto& a, const auto& b) { return a.first.size() > b.first.size(); });
}

void router::set_fallback(std::shared_ptr<handler> h) {
  fallback_ = std::move(h);
}

handler* router::find(std::string_view target) const {
  for (const auto& [prefix, h] : routes_) {
    if (!target.starts_with(prefix)) continue;
    // "/healthz" matches "/healthz" and "/healthz?x", not "/healthzz".
    if (prefix.ends_with('/') || target.size() == prefix.size() || target[prefix.size()] == '?')
      return h.get();
  }
  return fallback_.get();
}

std::size_t router::body_limit(const bhttp::request_header<>& header) const {
  handler* h = find(header.target());
  return h ? h->body_limit(header) : 0;
}

std::shared_ptr<void> router::on_header(const bhttp::request_header<>& header) {
  handler* h = find(header.target());
  return h ? h->on_header(header) : nullptr;
}

void router::handle(request req, const peer& from, responder respond) {
  if (handler* h = find(req.target())) return h->handle(std::move(req), from, std::move(respond));
  respond(error_response(req, bhttp::status::not_found, "not_found", "Nothing is served here."));
}

bool router::wants_upgrade(const request& req) const {
  handler* h = find(req.target());
  return h && h->wants_upgrade(req);
}

void router::upgrade(request req, const peer& from, connection conn) {
  if (handler* h = find(req.target())) h->upgrade(std::move(req), from, std::move(conn));
}

}  // namespace parley::http
