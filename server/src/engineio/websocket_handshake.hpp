// The server's half of the WebSocket opening handshake (RFC 6455 section 4.2): checks the
// client's upgrade request and writes the 101 answer.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "http/handler.hpp"

namespace parley::engineio::ws {

/// Sec-WebSocket-Accept for a client's Sec-WebSocket-Key: base64(SHA-1(key + RFC GUID)).
std::string accept_key(std::string_view client_key);

/// The complete "101 Switching Protocols" response to `req`, or nullopt when `req` is not a
/// version-13 opening handshake with a well-formed key (the caller answers 400).
std::optional<std::string> switching_protocols(const http::request& req);

}  // namespace parley::engineio::ws
