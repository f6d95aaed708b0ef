// What a route handler returns on success; api_handler turns it (or a failure) into the HTTP
// response, adding the /api headers in one place.
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>
#include <string>

#include "core/net.hpp"

namespace parley::api {

struct reply {
  bhttp::status status = bhttp::status::ok;
  std::string content_type = "application/json";
  std::string body;  ///< empty for 204
};

inline reply json_reply(bhttp::status s, const boost::json::object& o) {
  return {s, "application/json", boost::json::serialize(o)};
}

inline reply no_content() {
  return {bhttp::status::no_content, {}, {}};
}

}  // namespace parley::api
