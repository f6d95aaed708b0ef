// A Redis reply copied out of hiredis, so callers never hold hiredis memory.
#pragma once

#include <string>
#include <vector>

namespace parley::cluster {

struct redis_reply {
  enum class kind { nil, integer, string, array, status, error };
  kind type = kind::nil;
  long long integer = 0;
  std::string str;  ///< string, status and error replies
  std::vector<redis_reply> elements;

  bool is_error() const { return type == kind::error; }
  /// An error reply standing for "no answer" (the connection was lost or never came up).
  static redis_reply lost() { return {kind::error, 0, "connection lost", {}}; }
};

}  // namespace parley::cluster
