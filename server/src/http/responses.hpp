// Responses the HTTP layer writes itself, in the contract's error shape:
// {"error": {"code": "<snake_case>", "message": "<sentence>"}}.
#pragma once

#include <string_view>

#include "http/handler.hpp"

namespace parley::http {

/// A JSON error response that keeps `req`'s HTTP version and keep-alive.
response error_response(const request& req, bhttp::status status, std::string_view code,
                        std::string_view message);

/// The same for when only the version is known (header too large, body too large).
response error_response(unsigned version, bool keep_alive, bhttp::status status,
                        std::string_view code, std::string_view message);

/// Adds the headers every response carries (X-Content-Type-Options, Referrer-Policy) and, on
/// a `secure` (TLS) connection, Strict-Transport-Security (docs/tls.md).
void add_common_headers(response& res, bool secure);

}  // namespace parley::http
