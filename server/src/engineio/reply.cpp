#include "engineio/reply.hpp"

namespace parley::engineio {

reply::reply(const http::request& req, http::responder respond)
    : respond_(std::move(respond)), version_(req.version()), keep_alive_(req.keep_alive()) {}

void reply::set_cors(std::string allow_origin, bool credentials) {
  allow_origin_ = std::move(allow_origin);
  credentials_ = credentials;
}

void reply::payload(std::string body) {
  http::response res{bhttp::status::ok, version_};
  res.set(bhttp::field::content_type, "text/plain; charset=UTF-8");
  res.body() = std::move(body);
  send(std::move(res));
}

void reply::ok() {
  http::response res{bhttp::status::ok, version_};
  res.set(bhttp::field::content_type, "text/html");
  res.body() = "ok";
  send(std::move(res));
}

void reply::error(errc e) {
  send(error_response(e, version_, keep_alive_));
}

void reply::preflight(std::string_view request_headers) {
  http::response res{bhttp::status::no_content, version_};
  res.set(bhttp::field::access_control_allow_methods, "GET,HEAD,PUT,PATCH,POST,DELETE");
  if (!request_headers.empty()) {
    res.set(bhttp::field::access_control_allow_headers, request_headers);
    res.insert(bhttp::field::vary, "Access-Control-Request-Headers");
  }
  send(std::move(res));
}

void reply::status(bhttp::status s) {
  send(http::response{s, version_});
}

void reply::send(http::response res) {
  if (!respond_) return;
  res.keep_alive(keep_alive_);
  if (!allow_origin_.empty()) {
    res.set(bhttp::field::access_control_allow_origin, allow_origin_);
    if (credentials_) {
      res.set(bhttp::field::access_control_allow_credentials, "true");
      res.insert(bhttp::field::vary, "Origin");
    }
  }
  res.prepare_payload();
  auto respond = std::move(respond_);
  respond_ = nullptr;
  respond(std::move(res));
}

}  // namespace parley::engineio
