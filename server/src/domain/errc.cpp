#include "domain/errc.hpp"

#include <stdexcept>

namespace parley::domain {

std::string_view code_name(errc e) noexcept {
  switch (e) {
    case errc::invalid_json:
      return "invalid_json";
    case errc::invalid_field:
      return "invalid_field";
    case errc::unauthorized:
      return "unauthorized";
    case errc::invalid_credentials:
      return "invalid_credentials";
    case errc::wrong_password:
      return "wrong_password";
    case errc::not_host:
      return "not_host";
    case errc::forbidden:
      return "forbidden";
    case errc::not_found:
      return "not_found";
    case errc::username_taken:
      return "username_taken";
    case errc::email_taken:
      return "email_taken";
    case errc::conflict:
      return "conflict";
    case errc::meeting_ended:
      return "meeting_ended";
    case errc::rate_limited:
      return "rate_limited";
    case errc::unavailable:
      return "internal_error";
  }
  return "internal_error";
}

std::string_view default_message(errc e) noexcept {
  switch (e) {
    case errc::invalid_json:
      return "The request body must be a JSON object.";
    case errc::invalid_field:
      return "A field is missing or invalid.";
    case errc::unauthorized:
      return "Sign in first: the token is missing, unknown, expired or revoked.";
    case errc::invalid_credentials:
      return "Wrong login or password.";
    case errc::wrong_password:
      return "Wrong meeting password.";
    case errc::not_host:
      return "Only the host can do this.";
    case errc::forbidden:
      return "Only participants can do this.";
    case errc::not_found:
      return "Not found.";
    case errc::username_taken:
      return "That username is taken.";
    case errc::email_taken:
      return "That email is already registered.";
    case errc::conflict:
      return "The resource's state does not allow this now.";
    case errc::meeting_ended:
      return "The meeting has ended.";
    case errc::rate_limited:
      return "Too many failed attempts; try again later.";
    case errc::unavailable:
      return "The server could not complete the request.";
  }
  return "The server could not complete the request.";
}

void throw_exception_from_error(const failure& f, const boost::source_location&) {
  throw std::runtime_error(std::string(code_name(f.code)) + ": " + std::string(f.text()));
}

}  // namespace parley::domain
