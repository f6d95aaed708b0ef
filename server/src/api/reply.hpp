// What a route handler returns on success; api_handler turns it (or a failure) into the HTTP
// response, adding the /api headers in one place.
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "core/net.hpp"
#include "http/file_body.hpp"

namespace parley::api {

struct reply {
  bhttp::status status = bhttp::status::ok;
  std::string content_type = "application/json";
  std::string body;  ///< empty for 204
  /// Further response headers (a file's Accept-Ranges, Content-Range).
  std::vector<std::pair<bhttp::field, std::string>> headers;
  /// Set: the response streams this part of a file instead of `body` (http/file_body.hpp).
  std::shared_ptr<const http::file_part> file = nullptr;
};

inline reply json_reply(bhttp::status s, const boost::json::object& o) {
  return {s, "application/json", boost::json::serialize(o), {}, nullptr};
}

inline reply no_content() {
  return {bhttp::status::no_content, {}, {}, {}, nullptr};
}

}  // namespace parley::api
