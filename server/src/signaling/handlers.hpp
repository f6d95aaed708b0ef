// The event handlers of the table (event_table.cpp), one per contract event. Each runs on the
// sender's strand, validates its payload (requests.hpp), refuses with the contract's ack
// errors, and hands room changes to the room's strand.
#pragma once

#include <memory>

#include "signaling/event_table.hpp"
#include "signaling/moderation_requests.hpp"
#include "signaling/requests.hpp"
#include "signaling/sfu_requests.hpp"

namespace parley::signaling {
class room;
}

namespace parley::signaling::handlers {

/// The sender's room, or null after acking not_in_room.
std::shared_ptr<room> room_or_refuse(event_call& c);
/// Acks invalid_payload (spending the abuse budget). Done.
completion invalid(event_call& c);

/// Checks, records the participant in the store, then room::admit. Pending.
completion join(event_call& c);
/// offer / answer / ice-candidate, from the DOM (binary events, escapes relay_raw leaves, and
/// events that waited in the session's queue): the body is serialized once and forwarded.
template <relay_type T>
completion relay(event_call& c);
/// The same from the packet text: one SAX pass, the body's bytes spliced into the outgoing
/// packet; no DOM, and one allocation for the packet (plus its shared holder).
template <relay_type T>
socketio::raw_result relay_raw(member_session& self, const socketio::raw_event& ev,
                               const socketio::ack& reply);
/// room::remove.
completion leave(event_call& c);
/// Within the user's chat budget (member_session::limit_user), stores the message, then
/// room::broadcast_chat. Pending.
completion chat_message(event_call& c);
completion media_state(event_call& c);
completion raise_hand(event_call& c);
/// Ends the meeting in the store (host only), then room::end. Pending.
completion end_meeting(event_call& c);
/// The host-or-cohost events (docs/signaling.md "Moderation"): parse, then room::moderate.
template <moderation_op Op>
completion moderate(event_call& c);
/// reaction {emoji}: one of the fixed set, within the user's reaction budget
/// (member_session::limit_user); room::react.
completion reaction(event_call& c);
/// sfu-publish, sfu-unpublish, sfu-subscribe, sfu-answer, sfu-unsubscribe, sfu-candidate,
/// sfu-layer (docs/signaling.md "Large meetings: the SFU"): parse, then room::sfu. Done: the
/// room acks once Janus answered, and the socket's other events do not wait for Janus.
template <sfu_op Op>
completion sfu(event_call& c);
/// start-recording / stop-recording (docs/recording.md "Signaling"), no payload: room::record.
/// Done: the room acks once the recording is on or off.
completion start_recording(event_call& c);
completion stop_recording(event_call& c);

}  // namespace parley::signaling::handlers
