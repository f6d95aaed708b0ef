#include "http/responses.hpp"

#include <boost/json/serialize.hpp>

namespace parley::http {

response error_response(unsigned version, bool keep_alive, bhttp::status status,
                        std::string_view code, std::string_view message) {
  response res{status, version};
  res.set(bhttp::field::content_type, "application/json");
  res.set(bhttp::field::cache_control, "no-store");
  json::object err{{"code", code}, {"message", message}};
  res.body() = json::serialize(json::object{{"error", std::move(err)}});
  res.keep_alive(keep_alive);
  res.prepare_payload();
  return res;
}

response error_response(const request& req, bhttp::status status, std::string_view code,
                        std::string_view message) {
  return error_response(req.version(), req.keep_alive(), status, code, message);
}

void add_common_headers(response& res, bool secure) {
  res.set("X-Content-Type-Options", "nosniff");
  res.set("Referrer-Policy", "no-referrer");
  if (secure) res.set(bhttp::field::strict_transport_security, "max-age=31536000");
}

}  // namespace parley::http
