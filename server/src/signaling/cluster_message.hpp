// The messages processes exchange through Redis (docs/cluster.md "Messages"), parsed and
// validated like client input: a process never trusts a malformed one (it is dropped and
// logged by the caller).
//
//   meeting channel: {"t":"join","seq":N,"p":entry}        entry = participant + "proc"
//                    {"t":"leave","seq":N,"socketId","userId","reason"}
//                    {"t":"update","seq":N,"socketId","patch":{audio?,video?,screen?,raised?},
//                     "event":"media-state"|"raise-hand"}
//                    {"t":"emit","event":"chat-message"|"reaction","body":{...}}
//                    {"t":"end"}
//   process channel: {"t":"relay","m":meetingId,"to":socketId,
//                     "event":"offer"|"answer"|"ice-candidate","arg":{...}}
//   all processes:   {"t":"revoke","session":sessionId}
#pragma once

#include <boost/json/object.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "signaling/participant.hpp"

namespace parley::signaling {

struct cluster_message {
  enum class kind { join, leave, update, emit, end, relay, revoke };
  kind type = kind::end;
  long long seq = 0;
  participant who;                         ///< join
  std::string process;                     ///< join: the process holding the socket
  std::string socket_id, user_id, reason;  ///< leave, update; relay: socket_id = target
  boost::json::object patch;               ///< update
  std::string event;                       ///< update, emit, relay
  boost::json::object body;                ///< emit; relay: the argument to deliver
  std::string meeting_id;                  ///< relay
  std::string session_id;                  ///< revoke
};

/// nullopt when `payload` is not one of the documented messages with valid fields.
std::optional<cluster_message> parse_cluster_message(std::string_view payload);

/// A participant entry as stored in Redis: participant JSON plus "proc".
std::string cluster_entry(const participant& p, const std::string& process);
/// The participant (and process) of a stored entry; false when malformed.
bool parse_cluster_entry(const boost::json::value& v, participant& p, std::string& process);

}  // namespace parley::signaling
