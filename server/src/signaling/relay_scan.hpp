// A relay's fields read straight from the packet text (the fast path): one SAX pass that
// validates the packet (socketio::scan) and applies parse_relay's rules, finding the target
// and the body's bytes so the body can be forwarded without a DOM or re-serialization.
#pragma once

#include <optional>
#include <string_view>

#include "signaling/limits.hpp"
#include "signaling/requests.hpp"
#include "socketio/raw_event.hpp"

namespace parley::signaling {

/// Points into the event's text.
struct raw_relay_request {
  std::string_view target;  ///< the targetSocket string (it had no escapes)
  std::string_view body;    ///< the body's JSON text, exactly as the client wrote it
};

struct relay_scan {
  enum class verdict {
    ok,           ///< `request` is set
    invalid,      ///< parse_relay would refuse it: invalid_payload
    unsupported,  ///< escapes where positions or contents are needed: take the DOM path
  };
  socketio::scanned valid;  ///< the Socket.IO verdict; the rest means nothing without it
  verdict what = verdict::invalid;
  raw_relay_request request;
};

/// Accepts what parse_relay accepts, the last of duplicate keys winning as in the DOM, with
/// one difference: the body travels verbatim, so inside it every member counts against
/// max_relay_extra_bytes as sent, duplicates included (the DOM keeps only the last of each).
/// A body with duplicate keys may so be refused here and accepted by parse_relay, never the
/// reverse.
/// `json` is the event's payload (socketio::raw_event::json).
relay_scan scan_relay(std::string_view json, relay_type t, const limits& lim);

}  // namespace parley::signaling
