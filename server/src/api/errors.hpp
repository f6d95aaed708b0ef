// The one place a domain failure becomes an HTTP status and the contract's error body:
// {"error": {"code", "message", "field"?}}.
#pragma once

#include <string>

#include "api/reply.hpp"
#include "domain/errc.hpp"

namespace parley::api {

/// The contract's status for each code (400, 401, 403, 404, 409, 410, 429; 503 unavailable).
bhttp::status status_of(domain::errc e) noexcept;

/// The error body for `f` (field only for invalid_field).
std::string error_body(const domain::failure& f);

/// Errors the HTTP layer of the API raises itself (not domain codes).
reply method_not_allowed();
reply route_not_found();
reply overloaded();

}  // namespace parley::api
