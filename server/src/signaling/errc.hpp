// The contract's ack error codes (docs/signaling.md) and the one place where a refusal
// becomes the wire's `{error: {code, message}}`.
#pragma once

#include <boost/json/object.hpp>
#include <string_view>

#include "domain/errc.hpp"

namespace parley::signaling {

enum class errc {
  unauthorized,     ///< the socket's token was revoked meanwhile
  not_found,        ///< no such meeting (or a malformed meetingId)
  meeting_ended,    ///< the meeting is over
  wrong_password,   ///< the meeting's password was wrong or missing
  not_host,         ///< end-meeting by someone other than the host
  not_in_room,      ///< the sender, or a relay's target, is not in the sender's room
  invalid_target,   ///< a relay addressed to the sender's own socket
  already_in_room,  ///< join while already in (or joining) a room
  invalid_payload,  ///< missing or wrong-typed field, or over a size limit
  rate_limited,     ///< over the per-socket event rate
  meeting_locked,   ///< join of a locked meeting by someone but its host or a cohost
  banned,           ///< join by a user removed from this meeting
  denied,           ///< a host or cohost denied this join from the lobby
  internal_error,   ///< the store failed; details are in the server log
  meeting_full,     ///< the room has --max-participants participants already
  wrong_topology,   ///< an SFU event in a meeting that is not on the SFU (docs/signaling.md)
  sfu_unavailable,  ///< Janus unreachable, refused, or timed out
  unavailable,      ///< the cluster's Redis is unreachable (docs/cluster.md "Losing Redis")
};

/// The wire spelling: "not_in_room", ...
std::string_view code_name(errc e) noexcept;
/// A human sentence for the ack's `message`.
std::string_view default_message(errc e) noexcept;

/// The signaling code for a domain failure from domain::services (invalid_field becomes
/// invalid_payload, forbidden becomes not_in_room, unavailable becomes internal_error).
errc from_domain(domain::errc e) noexcept;
/// A cluster script's refusal (cluster/scripts.hpp: -1 already in the room, -2 full, -3
/// ended, -4 locked, -5 banned) as the joiner's error; any other code is unavailable.
errc from_script_code(long long code) noexcept;

/// {"error": {"code": ..., "message": ...}}
boost::json::object error_body(errc e);
/// The same with a message of its own (a Janus failure said in plain words).
boost::json::object error_body(errc e, std::string_view message);

}  // namespace parley::signaling
