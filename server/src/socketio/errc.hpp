// Why an incoming Socket.IO packet was refused. Any of these closes the Engine.IO connection it
// arrived on (and nothing else); the name goes to the debug log.
#pragma once

#include <boost/assert/source_location.hpp>
#include <boost/system/result.hpp>
#include <string_view>

namespace parley::socketio {

enum class errc {
  unknown_type = 1,      ///< first character is not a packet type 0-6
  bad_attachments,       ///< BINARY_* without "<digits>-", or a placeholder num out of range
  too_many_attachments,  ///< over options.max_attachments or max_attachment_bytes
  bad_ack_id,            ///< ack id too long, or present where the type forbids it
  bad_json,              ///< payload is not valid JSON (nested too deep, or a number out of range)
  invalid_payload,       ///< payload has the wrong shape for the packet type
  unexpected_binary,     ///< a binary message with no BINARY_* packet waiting for it
  unexpected_text,       ///< a text message while attachments were still expected
  invalid_state,         ///< CONNECT twice to one namespace, or a client CONNECT_ERROR
};

/// "unknown_type", "bad_attachments", ...
std::string_view errc_name(errc e) noexcept;

[[noreturn]] void throw_exception_from_error(errc e, const boost::source_location& loc);

template <class T>
using result = boost::system::result<T, errc>;

}  // namespace parley::socketio
