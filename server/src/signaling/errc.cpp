#include "signaling/errc.hpp"

namespace parley::signaling {

namespace {

struct entry {
  std::string_view code;
  std::string_view message;
};

// Indexed by errc.
constexpr entry table[] = {
    {"unauthorized", "Your session is no longer valid; sign in again."},
    {"not_found", "There is no meeting with this id."},
    {"meeting_ended", "This meeting has ended."},
    {"wrong_password", "The meeting password is wrong."},
    {"not_host", "Only the host can do this."},
    {"not_in_room", "The sender or the target is not in the room."},
    {"invalid_target", "A message cannot be addressed to its own sender."},
    {"already_in_room", "Leave the current room before joining another."},
    {"invalid_payload",
     "The event's payload is missing a field, has a wrong type or is too large."},
    {"rate_limited", "Too many events; slow down."},
    {"meeting_locked", "The meeting is locked; nobody else can join."},
    {"banned", "You were removed from this meeting and cannot join it again."},
    {"denied", "The host did not let you in."},
    {"internal_error", "The server could not complete the request."},
    {"meeting_full", "This meeting has as many participants as it can take."},
    {"wrong_topology", "This meeting is not using the video server right now."},
    {"sfu_unavailable", "The video server is unavailable; try again in a moment."},
    {"unavailable", "The server cannot reach the rest of its cluster; try again in a moment."},
};

}  // namespace

std::string_view code_name(errc e) noexcept {
  return table[static_cast<int>(e)].code;
}

std::string_view default_message(errc e) noexcept {
  return table[static_cast<int>(e)].message;
}

errc from_script_code(long long code) noexcept {
  switch (code) {
    case -1:
      return errc::already_in_room;
    case -2:
      return errc::meeting_full;
    case -3:
      return errc::meeting_ended;
    case -4:
      return errc::meeting_locked;
    case -5:
      return errc::banned;
    default:
      return errc::unavailable;
  }
}

errc from_domain(domain::errc e) noexcept {
  switch (e) {
    case domain::errc::unauthorized:
      return errc::unauthorized;
    case domain::errc::not_found:
      return errc::not_found;
    case domain::errc::meeting_ended:
      return errc::meeting_ended;
    case domain::errc::wrong_password:
      return errc::wrong_password;
    case domain::errc::not_host:
      return errc::not_host;
    case domain::errc::forbidden:
      return errc::not_in_room;
    case domain::errc::invalid_field:
      return errc::invalid_payload;
    case domain::errc::rate_limited:
      return errc::rate_limited;
    default:
      return errc::internal_error;
  }
}

boost::json::object error_body(errc e) {
  return {{"error", {{"code", code_name(e)}, {"message", default_message(e)}}}};
}

boost::json::object error_body(errc e, std::string_view message) {
  return {{"error", {{"code", code_name(e)}, {"message", message}}}};
}

}  // namespace parley::signaling
