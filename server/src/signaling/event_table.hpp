// The client events of docs/signaling.md, each mapped to one small handler. A session
// registers every entry on its socket; nothing dispatches on event names anywhere else.
#pragma once

#include <chrono>
#include <span>
#include <string_view>

#include "socketio/ack.hpp"
#include "socketio/payload.hpp"
#include "socketio/raw_event.hpp"

namespace parley::signaling {

class member_session;

/// How a handler finished: `done`, or `pending` when it awaits the store and will end with
/// member_session::settle() (the socket's later events wait until then, so one client's
/// events take effect in the order it sent them).
enum class completion { done, pending };

/// One received event, on its socket's strand.
struct event_call {
  member_session& self;
  socketio::payload args;
  socketio::ack reply;  ///< empty when the client asked for no ack
  std::chrono::steady_clock::time_point arrived;
};

using event_fn = completion (*)(event_call& call);
/// The fast path of an event, before any JSON parsing (socketio::raw_handler); runs only when
/// the session is idle (no pending handler), so it always completes at once.
using raw_event_fn = socketio::raw_result (*)(member_session& self, const socketio::raw_event& ev,
                                              const socketio::ack& reply);

struct event_entry {
  std::string_view name;
  event_fn fn;
  /// offer / answer / ice-candidate only (the relays, counted in the relay metrics): the
  /// handler for the text before any parsing.
  raw_event_fn raw = nullptr;
};

/// join, offer, answer, ice-candidate, leave, chat-message, media-state, raise-hand,
/// end-meeting, and the moderation events: mute-participant, mute-all, ask-unmute,
/// remove-participant, set-role, lock-meeting, set-lobby, admit, deny, admit-all, reaction;
/// the SFU events: sfu-publish, sfu-unpublish, sfu-subscribe, sfu-answer, sfu-unsubscribe,
/// sfu-candidate, sfu-layer.
std::span<const event_entry> event_table();

/// The entry for `name`, or nullptr for an event the contract does not define.
const event_entry* find_event(std::string_view name);

}  // namespace parley::signaling
