// The Engine.IO protocol's HTTP error answers, as the reference server gives them:
// status 400 (403 for forbidden) with body {"code":N,"message":"..."}.
#pragma once

#include <string_view>

#include "http/handler.hpp"

namespace parley::engineio {

/// Values are the protocol's error codes; the names are the reference server's.
enum class errc {
  unknown_transport = 0,             ///< transport missing, unknown or disabled
  unknown_sid = 1,                   ///< no live session has that sid
  bad_handshake_method = 2,          ///< a handshake (no sid) that is not a GET
  bad_request = 3,                   ///< transport mismatch, malformed payload, overlap...
  forbidden = 4,                     ///< refused by policy (server shutting down)
  unsupported_protocol_version = 5,  ///< EIO is not 4
};

std::string_view error_message(errc e);

/// The one place an Engine.IO error becomes an HTTP response.
http::response error_response(errc e, unsigned version, bool keep_alive);

}  // namespace parley::engineio
