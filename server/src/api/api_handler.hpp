// The REST API (docs/api.md) plus GET /healthz and GET /metrics, as one
// http::handler. Mount it on the http::router at "/api/" and at "/healthz" and "/metrics".
//
// Requests are dispatched through a route table (api/routes.cpp) to one small handler per
// resource (users, sessions, guests, me, meetings, messages, ice_servers). Handlers parse and
// validate on the connection's strand (cheap), then do store and Argon2 work on the services'
// blocking pool and call the responder from there (the HTTP session posts the write back to
// its strand).
//
// Every error is the contract's JSON ({"error": {code, message, field?}}) with its status;
// /api responses carry Cache-Control: no-store and, for configured origins, CORS headers
// (preflight OPTIONS answered here). 5xx never leaks internals.
#pragma once

#include <memory>
#include <vector>

#include "api/options.hpp"
#include "domain/services.hpp"
#include "http/handler.hpp"
#include "metrics/registry.hpp"

namespace parley::api {

class api_handler final : public http::handler {
 public:
  /// `svc` is shared with signaling; `reg` must outlive the handler and every request still on
  /// the blocking pool (the app owns it and destroys it last).
  api_handler(std::shared_ptr<domain::services> svc, metrics::registry& reg, options opts = {});
  ~api_handler() override;

  /// The contract's 64 KiB (options::body_limit) for every target.
  std::size_t body_limit(const bhttp::request_header<>& header) const override;
  void handle(http::request req, const http::peer& from, http::responder respond) override;

 private:
  struct state;  // shared with requests still running on the pool
  std::shared_ptr<state> state_;
};

}  // namespace parley::api
