// Errors a store reports. Every store call returns boost::system::result<T> whose error is a
// store::errc (or, for an unexpected backend failure, errc::backend_failure: the message is
// logged by the store, never shown to clients).
#pragma once

#include <boost/system/error_code.hpp>
#include <string>
#include <system_error>

namespace parley::store {

enum class errc {
  /// The row asked for (user, session, meeting) does not exist, or a session has expired.
  not_found = 1,
  /// Another user already has this username (compared case-insensitively).
  username_taken,
  /// Another user already has this email (compared case-insensitively).
  email_taken,
  /// A generated primary key (user id, meeting id) collided; the caller picks a new one.
  duplicate_id,
  /// The meeting exists but has ended (end_meeting on an ended meeting, add_participant or
  /// add_message after the end).
  meeting_ended,
  /// The database failed (I/O, connection lost, busy beyond the timeout, constraint we did
  /// not expect). Details are logged; the caller answers 500/503.
  backend_failure,
};

const boost::system::error_category& category() noexcept;

inline boost::system::error_code make_error_code(errc e) noexcept {
  return {static_cast<int>(e), category()};
}

}  // namespace parley::store

template <>
struct boost::system::is_error_code_enum<parley::store::errc> : std::true_type {};
