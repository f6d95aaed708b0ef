#include "api/api_handler.hpp"

#include <algorithm>
#include <chrono>

#include "api/errors.hpp"
#include "api/request_metrics.hpp"
#include "api/routes.hpp"

namespace parley::api {

struct api_handler::state {
  // A constructor, not an aggregate: clang 14 has no parenthesized aggregate init for
  // make_shared.
  state(std::shared_ptr<domain::services> s, metrics::registry& r, options o)
      : svc(std::move(s)), reg(r), opts(std::move(o)) {}

  std::shared_ptr<domain::services> svc;
  metrics::registry& reg;
  options opts;
  std::vector<route> routes = route_table();
  request_metrics metrics{reg, routes};
};

namespace {

using clock = std::chrono::steady_clock;

// What the response needs from the request after the request itself has moved on.
struct response_meta {
  unsigned version = 11;
  bool keep_alive = true;
  std::string allow_origin;  // empty: no CORS headers
};

std::string allowed_origin(const options& o, const http::request& req) {
  auto origin = req[bhttp::field::origin];
  if (origin.empty() || o.cors_origins.empty()) return {};
  for (const auto& allowed : o.cors_origins) {
    if (allowed == "*") return "*";
    if (allowed == origin) return std::string(origin);
  }
  return {};
}

std::string_view bearer_token(const http::request& req) {
  std::string_view h = req[bhttp::field::authorization];
  constexpr std::string_view scheme = "Bearer ";
  if (h.size() <= scheme.size() ||
      !std::equal(scheme.begin(), scheme.end(), h.begin(),
                  [](char a, char b) { return std::tolower(a) == std::tolower(b); }))
    return {};
  h.remove_prefix(scheme.size());
  while (!h.empty() && h.front() == ' ') h.remove_prefix(1);
  while (!h.empty() && h.back() == ' ') h.remove_suffix(1);
  return h;
}

/// Whether the request may run Argon2: then it goes to the slow lane (docs/api.md "Overload").
bool is_slow(const route& r, const http::request& req) {
  if (r.cost == work_cost::slow_if_named)
    return req.body().find("\"password\"") != std::string::npos;
  return r.cost == work_cost::slow;
}

http::response build(const domain::outcome<reply>& r, const response_meta& m) {
  http::response res;
  res.version(m.version);
  res.keep_alive(m.keep_alive);
  if (r) {
    res.result(r->status);
    if (!r->body.empty() || r->file) res.set(bhttp::field::content_type, r->content_type);
    res.body() = r->body;
    res.body().file = r->file;
    for (const auto& [name, value] : r->headers) res.set(name, value);
  } else {
    res.result(status_of(r.error().code));
    res.set(bhttp::field::content_type, "application/json");
    res.body() = error_body(r.error());
    if (r.error().code == domain::errc::rate_limited)
      res.set(bhttp::field::retry_after,
              std::to_string(std::max<long long>(1, r.error().retry_after.count())));
    if (r.error().code == domain::errc::unauthorized)
      res.set(bhttp::field::www_authenticate, "Bearer");
  }
  res.set(bhttp::field::cache_control, "no-store");
  if (!m.allow_origin.empty()) {
    res.set(bhttp::field::access_control_allow_origin, m.allow_origin);
    res.set(bhttp::field::vary, "Origin");
  }
  res.prepare_payload();
  return res;
}

http::response preflight(const response_meta& m) {
  auto res = build(no_content(), m);
  if (!m.allow_origin.empty()) {
    res.set(bhttp::field::access_control_allow_methods, "GET, POST, PATCH, DELETE, OPTIONS");
    res.set(bhttp::field::access_control_allow_headers, "Authorization, Content-Type");
    res.set(bhttp::field::access_control_max_age, "600");
  }
  return res;
}

}  // namespace

api_handler::api_handler(std::shared_ptr<domain::services> svc, metrics::registry& reg,
                         options opts)
    : state_(std::make_shared<state>(std::move(svc), reg, std::move(opts))) {}

api_handler::~api_handler() = default;

std::size_t api_handler::body_limit(const bhttp::request_header<>&) const {
  return state_->opts.body_limit;
}

void api_handler::handle(http::request req, const http::peer& from, http::responder respond) {
  const auto started = clock::now();
  auto& st = *state_;
  response_meta meta{req.version(), req.keep_alive(), allowed_origin(st.opts, req)};
  if (req.method() == bhttp::verb::options) return respond(preflight(meta));

  auto m = match(st.routes, req.method(), req.target());
  auto finish = [state = state_, respond, meta, started](std::size_t index,
                                                         const domain::outcome<reply>& r) {
    auto res = build(r, meta);
    state->metrics.record(index, res.result_int(), clock::now() - started);
    respond(std::move(res));
  };
  if (!m.found) {
    auto res = m.path_known ? method_not_allowed() : route_not_found();
    return finish(st.routes.size(), res);
  }
  const auto index = static_cast<std::size_t>(m.found - st.routes.data());
  std::string token(bearer_token(req));
  if (m.found->needs_token && token.empty()) return finish(index, domain::errc::unauthorized);
  auto& pending = st.metrics.pending();
  if (pending.value() >= static_cast<double>(st.opts.max_pending))
    return finish(index, overloaded());

  pending.inc();
  const bool slow = is_slow(*m.found, req);
  // The caller a slow job is charged to: the token, else the client address (already the
  // proxied client's when --trust-proxy names the peer; http/forwarded.hpp).
  std::string caller = token.empty() ? from.address : token;
  auto work = [state = state_, route = m.found, params = std::move(m.params),
               address = from.address, token = std::move(token),
               req = std::make_shared<http::request>(std::move(req))]() -> domain::outcome<reply> {
    std::optional<auth::identity> who;
    if (route->needs_token || (route->token_optional && !token.empty())) {
      auto w = state->svc->account_service().authenticate(token);
      if (!w) return w.error();
      who = std::move(*w);
    }
    call c{*req,        params,     address,     token, who ? &*who : nullptr,
           *state->svc, state->reg, &state->opts};
    return route->fn(c);
  };
  auto done = [state = state_, finish, index](domain::outcome<reply> r) {
    state->metrics.pending().dec();
    finish(index, r);
  };
  if (slow)
    st.svc->run_slow(std::move(caller), std::move(work), std::move(done));
  else
    st.svc->run(std::move(work), std::move(done));
}

}  // namespace parley::api
