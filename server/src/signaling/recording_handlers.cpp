// handlers::start_recording / stop_recording (docs/recording.md "Signaling"): no payload to
// check; who may record, and everything else, is decided by the room on its strand.
#include "signaling/handlers.hpp"
#include "signaling/member_session.hpp"
#include "signaling/room.hpp"

namespace parley::signaling::handlers {

namespace {
completion record(event_call& c, bool start) {
  if (auto r = room_or_refuse(c)) r->record(c.self.socket_id(), start, std::move(c.reply));
  return completion::done;
}
}  // namespace

completion start_recording(event_call& c) {
  return record(c, true);
}

completion stop_recording(event_call& c) {
  return record(c, false);
}

}  // namespace parley::signaling::handlers
