// The moderation and reaction events' payloads (docs/signaling.md "Moderation"), parsed and
// validated like requests.hpp: nullopt for anything the contract calls invalid_payload.
// Pure functions: no I/O, callable from any thread.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>

#include "signaling/limits.hpp"
#include "socketio/payload.hpp"

namespace parley::signaling {

/// The host-or-cohost events, one per client event name.
enum class moderation_op {
  mute,        ///< mute-participant {targetSocket, kind}
  mute_all,    ///< mute-all {kind}
  ask_unmute,  ///< ask-unmute {targetSocket, kind}
  remove,      ///< remove-participant {targetSocket}
  set_role,    ///< set-role {targetSocket, role: "cohost"|"participant"}
  lock,        ///< lock-meeting {locked}
  set_lobby,   ///< set-lobby {enabled}
  admit,       ///< admit {userId}
  deny,        ///< deny {userId}
  admit_all,   ///< admit-all (no payload needed)
};

struct moderation_request {
  moderation_op op = moderation_op::mute;
  std::string target;  ///< targetSocket, or userId for admit / deny
  std::string kind;    ///< "audio" | "video" (mutes), "cohost" | "participant" (set-role)
  bool on = false;     ///< lock-meeting's `locked`, set-lobby's `enabled`
};

std::optional<moderation_request> parse_moderation(moderation_op op, const socketio::payload& p,
                                                   const limits& lim);

/// The fixed set a reaction's emoji comes from.
inline constexpr std::array<std::string_view, 8> reaction_emoji = {
    "\xF0\x9F\x91\x8D",          // thumbs up
    "\xF0\x9F\x91\x8F",          // clapping hands
    "\xE2\x9D\xA4\xEF\xB8\x8F",  // red heart
    "\xF0\x9F\x98\x82",          // face with tears of joy
    "\xF0\x9F\x98\xAE",          // face with open mouth
    "\xF0\x9F\x8E\x89",          // party popper
    "\xF0\x9F\xA4\x94",          // thinking face
    "\xF0\x9F\x91\x8E",          // thumbs down
};

/// The `emoji` of reaction {emoji}, when it is one of reaction_emoji.
std::optional<std::string> parse_reaction(const socketio::payload& p);

}  // namespace parley::signaling
