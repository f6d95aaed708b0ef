#include "socketio/errc.hpp"

#include <stdexcept>
#include <string>

namespace parley::socketio {

std::string_view errc_name(errc e) noexcept {
  switch (e) {
    case errc::unknown_type:
      return "unknown_type";
    case errc::bad_attachments:
      return "bad_attachments";
    case errc::too_many_attachments:
      return "too_many_attachments";
    case errc::bad_ack_id:
      return "bad_ack_id";
    case errc::bad_json:
      return "bad_json";
    case errc::invalid_payload:
      return "invalid_payload";
    case errc::unexpected_binary:
      return "unexpected_binary";
    case errc::unexpected_text:
      return "unexpected_text";
    case errc::invalid_state:
      return "invalid_state";
  }
  return "unknown";
}

void throw_exception_from_error(errc e, const boost::source_location&) {
  throw std::runtime_error("socketio: " + std::string(errc_name(e)));
}

}  // namespace parley::socketio
