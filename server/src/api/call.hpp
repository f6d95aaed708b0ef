// What a route handler sees: the request, its path parameters, the caller, the services.
// Handlers run on the services' blocking pool (they may call the store and Argon2 directly)
// and return a reply or a failure; they never build error responses themselves.
#pragma once

#include <boost/json/object.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "api/options.hpp"
#include "api/reply.hpp"
#include "auth/identity.hpp"
#include "domain/services.hpp"
#include "http/handler.hpp"
#include "metrics/registry.hpp"

namespace parley::api {

struct call {
  const http::request& req;
  const std::vector<std::string>& params;  ///< the pattern's :placeholders, in order
  std::string_view client_address;
  std::string_view token;     ///< the bearer token, empty when absent
  const auth::identity* who;  ///< set for routes that require a token, and optional ones given one
  domain::services& svc;
  metrics::registry& metrics;
  const options* opts = nullptr;  ///< the handler's options
};

using handler_fn = domain::outcome<reply> (*)(const call&);

// --- body helpers (api/body.cpp) ---------------------------------------------------------

/// The body as a JSON object: invalid_json when it is not parsable or not an object. An empty
/// body counts as `{}` when `empty_ok` (routes whose fields are all optional).
domain::outcome<boost::json::object> body_object(const call& c, bool empty_ok);

/// A required string field; invalid_field naming it when missing or not a string.
domain::outcome<std::string_view> required_string(const boost::json::object& o,
                                                  std::string_view name);
/// An optional string field: nullopt when missing or null; invalid_field when another type.
domain::outcome<std::optional<std::string_view>> optional_string(const boost::json::object& o,
                                                                 std::string_view name);

/// An optional boolean field: false when missing or null; invalid_field when another type.
domain::outcome<bool> optional_bool(const boost::json::object& o, std::string_view name);

// --- query helpers (api/query.cpp) --------------------------------------------------------

/// The raw value of `name` in the request target's query string (`?before=12&limit=50`), or
/// none when absent. The first occurrence wins; values are not percent-decoded (the routes'
/// parameters are plain integers).
std::optional<std::string_view> query_value(std::string_view target, std::string_view name);
/// An optional integer query parameter: none when absent; invalid_field naming it when it is
/// not a decimal integer that fits in 64 bits.
domain::outcome<std::optional<std::int64_t>> query_integer(const call& c, std::string_view name);

}  // namespace parley::api
