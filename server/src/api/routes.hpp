// The route table: method + path pattern -> handler, and the matcher. Patterns are split on
// '/'; a segment starting with ':' captures that segment.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "api/call.hpp"

namespace parley::api {

/// Which lane of the blocking pool a request runs on (docs/api.md "Overload").
enum class work_cost {
  fast,           ///< store and token lookups only
  slow,           ///< always runs Argon2 (sign-up, sign-in)
  slow_if_named,  ///< runs Argon2 when the body names a "password" (meeting create and join)
};

struct route {
  bhttp::verb method;
  std::vector<std::string> pattern;  ///< {"api", "meetings", ":id", "join"}
  bool needs_token;                  ///< authenticate before calling `fn` (401 otherwise)
  handler_fn fn;
  std::string name;  ///< metrics label, e.g. "POST /api/meetings/:id/join"
  work_cost cost = work_cost::fast;
  /// Without needs_token: authenticate a token when one is sent (401 if it is bad), else call
  /// `fn` with no caller (a signed link: docs/recording.md "Links to the file").
  bool token_optional = false;
};

/// Every route of docs/api.md plus /healthz and /metrics.
std::vector<route> route_table();

struct match_result {
  const route* found = nullptr;
  std::vector<std::string> params;
  bool path_known = false;  ///< some route has this path (for 405 vs 404)
};

/// Matches `target` (query string ignored, one trailing '/' tolerated).
match_result match(const std::vector<route>& routes, bhttp::verb method, std::string_view target);

}  // namespace parley::api
