// Answers one Engine.IO HTTP request: holds the HTTP server's responder and what every answer
// to that request carries (version, keep-alive, CORS headers). Moved into a session while a
// long-poll waits. Each reply is answered at most once; later calls are ignored.
#pragma once

#include <string>
#include <string_view>

#include "engineio/errors.hpp"
#include "http/handler.hpp"

namespace parley::engineio {

class reply {
 public:
  reply() = default;
  reply(const http::request& req, http::responder respond);

  /// CORS for this request's origin: `allow_origin` is the Access-Control-Allow-Origin value
  /// ("*" or the echoed origin); credentials are allowed for echoed origins.
  void set_cors(std::string allow_origin, bool credentials);
  bool has_cors() const { return !allow_origin_.empty(); }

  /// 200 text/plain: a long-polling payload.
  void payload(std::string body);
  /// 200 text/html "ok": a POST was taken.
  void ok();
  void error(errc e);
  /// 204 with the CORS preflight headers (`request_headers`: what the browser asked for).
  void preflight(std::string_view request_headers);
  /// A bare status with an empty body (413 for an oversized POST).
  void status(bhttp::status s);

  bool answered() const { return !respond_; }

 private:
  void send(http::response res);

  http::responder respond_;
  unsigned version_ = 11;
  bool keep_alive_ = true;
  std::string allow_origin_;
  bool credentials_ = false;
};

}  // namespace parley::engineio
