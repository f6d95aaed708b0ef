// Configuration of the REST handler; each default says why.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace parley::api {

struct options {
  /// The contract's body limit: larger bodies get 413 payload_too_large.
  std::size_t body_limit = 64 * 1024;
  /// Origins allowed to call /api cross-origin ("https://app.example"); "*" allows any.
  /// Empty (the default): no CORS headers at all, so browsers only allow same-origin calls.
  std::vector<std::string> cors_origins;
  /// Requests waiting for the blocking pool; beyond this the API answers 503 at once instead
  /// of queueing without bound (a login storm costs ~50 ms of Argon2 each).
  std::size_t max_pending = 1024;
  /// GET /metrics (docs/api.md): empty: loopback callers only; else callers presenting
  /// `Authorization: Bearer <metrics_token>` (from anywhere). --metrics-token.
  std::string metrics_token{};
};

}  // namespace parley::api
