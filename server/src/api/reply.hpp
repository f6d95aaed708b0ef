// What a route handler returns on success; api_handler turns it (or a failure) into the HTTP
// response, adding the /api headers in one place.
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>
#include <string>
#include <utility>
#include <vector>

#include "core/net.hpp"

namespace parley::api {

struct reply {
  bhttp::status status = bhttp::status::ok;
  std::string content_type = "application/json";
  std::string body;  ///< empty for 204
  /// Further response headers (a file's Accept-Ranges, Content-Range).
  std::vector<std::pair<bhttp::field, std::string>> headers;
};

inline reply json_reply(bhttp::status s, const boost::json::object& o) {
  return {s, "application/json", boost::json::serialize(o), {}};
}

inline reply no_content() {
  return {bhttp::status::no_content, {}, {}, {}};
}

}  // namespace parley::api
