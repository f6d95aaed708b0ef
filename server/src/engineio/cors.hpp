// Which origins may read Engine.IO responses from a browser (options.cors_origins).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "engineio/reply.hpp"

namespace parley::engineio {

class cors_policy {
 public:
  explicit cors_policy(std::vector<std::string> origins);

  /// Sets `r`'s CORS headers for a request from `origin` ("*" allows every origin, without
  /// credentials; a listed origin is echoed, with credentials). Unlisted: no headers.
  void apply(std::string_view origin, reply& r) const;

 private:
  std::vector<std::string> origins_;
  bool any_ = false;
};

/// Whether an Origin header holds only characters a header value may hold (the reference
/// server answers "Bad request" otherwise).
bool is_valid_header_value(std::string_view v);

}  // namespace parley::engineio
