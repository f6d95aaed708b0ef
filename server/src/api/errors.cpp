#include "api/errors.hpp"

namespace parley::api {

namespace {

reply plain_error(bhttp::status s, std::string_view code, std::string_view message) {
  return json_reply(s, {{"error", boost::json::object{{"code", code}, {"message", message}}}});
}

}  // namespace

bhttp::status status_of(domain::errc e) noexcept {
  using domain::errc;
  switch (e) {
    case errc::invalid_json:
    case errc::invalid_field:
      return bhttp::status::bad_request;
    case errc::unauthorized:
    case errc::invalid_credentials:
      return bhttp::status::unauthorized;
    case errc::wrong_password:
    case errc::not_host:
    case errc::forbidden:
      return bhttp::status::forbidden;
    case errc::not_found:
      return bhttp::status::not_found;
    case errc::username_taken:
    case errc::email_taken:
    case errc::conflict:
      return bhttp::status::conflict;
    case errc::meeting_ended:
      return bhttp::status::gone;
    case errc::rate_limited:
      return bhttp::status::too_many_requests;
    case errc::unavailable:
      return bhttp::status::service_unavailable;
  }
  return bhttp::status::internal_server_error;
}

std::string error_body(const domain::failure& f) {
  boost::json::object err{{"code", domain::code_name(f.code)}, {"message", f.text()}};
  if (f.code == domain::errc::invalid_field && !f.field.empty()) err["field"] = f.field;
  return boost::json::serialize(boost::json::object{{"error", std::move(err)}});
}

reply method_not_allowed() {
  return plain_error(bhttp::status::method_not_allowed, "method_not_allowed",
                     "This method is not allowed on this path.");
}

reply route_not_found() {
  return plain_error(bhttp::status::not_found, "not_found", "Not found.");
}

reply overloaded() {
  return plain_error(bhttp::status::service_unavailable, "internal_error",
                     "The server is busy; try again shortly.");
}

}  // namespace parley::api
