// The domain's error vocabulary, shared by the REST API and Socket.IO signaling. Each value
// is one of the contract's error codes; code_name() gives its wire spelling. The REST layer
// maps a failure to an HTTP status in exactly one place (api/error_response); signaling
// puts code_name() into its ack `{error: {code, message}}`.
#pragma once

#include <boost/system/result.hpp>
#include <chrono>
#include <string>
#include <string_view>

namespace parley::domain {

enum class errc {
  invalid_json = 1,     ///< 400: the body is not parsable JSON, or not a JSON object
  invalid_field,        ///< 400: a field is missing, mistyped or out of range (`field` names it)
  unauthorized,         ///< 401: token missing, unknown, expired or revoked
  invalid_credentials,  ///< 401: wrong login or password (the same answer for both)
  wrong_password,       ///< 403: wrong meeting password
  not_host,             ///< 403: only the host may do this (end a meeting)
  forbidden,            ///< 403: not a participant (reading a meeting's chat)
  not_found,            ///< 404: no such meeting/user, or a malformed id
  username_taken,       ///< 409
  email_taken,          ///< 409
  conflict,       ///< 409: the resource is not in a state that allows it (retry a ready recording)
  meeting_ended,  ///< 410: the meeting is over (join, post, end again)
  rate_limited,   ///< 429: too many failed logins; `retry_after` says how long to wait
  unavailable,    ///< 503: the store failed or is closed (details are in the log)
};

/// "invalid_field", "unauthorized", ... ; "internal_error" for unavailable.
std::string_view code_name(errc e) noexcept;
/// A default human sentence for `e` ("Token missing, unknown, expired or revoked.").
std::string_view default_message(errc e) noexcept;

/// A failed domain call: the code, plus what the client needs to act on it.
struct failure {
  errc code{};
  std::string field;                    ///< invalid_field only: the offending field
  std::string message;                  ///< empty: use default_message(code)
  std::chrono::seconds retry_after{0};  ///< rate_limited only, >= 1

  failure() = default;
  failure(errc c) : code(c) {}  // NOLINT: implicit so `return errc::not_found;` reads well
  failure(errc c, std::string f, std::string m = {})
      : code(c), field(std::move(f)), message(std::move(m)) {}

  std::string_view text() const { return message.empty() ? default_message(code) : message; }
};

/// For boost::system::result<T, failure>::value() on a failure (throws std::runtime_error).
[[noreturn]] void throw_exception_from_error(const failure& f, const boost::source_location& loc);

/// What every domain call returns.
template <class T>
using outcome = boost::system::result<T, failure>;

}  // namespace parley::domain
