#include "engineio/errors.hpp"

#include <string>

namespace parley::engineio {

std::string_view error_message(errc e) {
  switch (e) {
    case errc::unknown_transport:
      return "Transport unknown";
    case errc::unknown_sid:
      return "Session ID unknown";
    case errc::bad_handshake_method:
      return "Bad handshake method";
    case errc::bad_request:
      return "Bad request";
    case errc::forbidden:
      return "Forbidden";
    case errc::unsupported_protocol_version:
      return "Unsupported protocol version";
  }
  return "Bad request";
}

http::response error_response(errc e, unsigned version, bool keep_alive) {
  const auto status = e == errc::forbidden ? bhttp::status::forbidden : bhttp::status::bad_request;
  http::response res{status, version};
  res.set(bhttp::field::content_type, "application/json");
  res.keep_alive(keep_alive);
  res.body() = R"({"code":)" + std::to_string(static_cast<int>(e)) + R"(,"message":")" +
               std::string(error_message(e)) + R"("})";
  res.prepare_payload();
  return res;
}

}  // namespace parley::engineio
