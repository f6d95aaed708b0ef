// The route table: method + path pattern -> handler, and the matcher. Patterns are split on
// '/'; a segment starting with ':' captures that segment.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "api/call.hpp"

namespace parley::api {

struct route {
  bhttp::verb method;
  std::vector<std::string> pattern;  ///< {"api", "meetings", ":id", "join"}
  bool needs_token;                  ///< authenticate before calling `fn` (401 otherwise)
  handler_fn fn;
  std::string name;  ///< metrics label, e.g. "POST /api/meetings/:id/join"
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
