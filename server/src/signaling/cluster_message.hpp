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
//                    moderation (docs/cluster.md "Moderation"), by = {socketId, userId, username}:
//                    {"t":"wait","seq":N,"p":entry}                  a join held in the lobby
//                    {"t":"resolve","seq":N,"outcome":"admitted"|"denied"|"left","waiting":[entry...]}
//                    {"t":"mute","seq":N,"kind":"audio"|"video","by":by,"sockets":[socketId...]}
//                    {"t":"ban","seq":N,"userId","by":by,"sockets":[socketId...]}
//                    {"t":"role","seq":N,"userId","role":"cohost"|"participant"}
//                    {"t":"settings","seq":N,"locked":bool,"lobby":bool}
//   process channel: {"t":"relay","m":meetingId,"to":socketId,
//                     "event":"offer"|"answer"|"ice-candidate","arg":{...}}
//                    {"t":"ask","m":meetingId,"to":socketId,"kind":"audio"|"video","by":by}
//   all processes:   {"t":"revoke","session":sessionId}
#pragma once

#include <boost/json/object.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "signaling/participant.hpp"
#include "store/records.hpp"

namespace parley::signaling {

/// A participant entry and the process holding its socket (members and held joins).
struct cluster_entry_of {
  participant who;
  std::string process;
};

struct cluster_message {
  enum class kind {
    join,
    leave,
    update,
    emit,
    end,
    relay,
    revoke,
    wait,
    resolve,
    mute,
    ban,
    role,
    settings,
    ask
  };
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
  // Moderation. ban, role: user_id; relay, ask: meeting_id and socket_id (the target).
  participant by;      ///< mute, ban, ask: socket_id, user_id, username
  std::string choice;  ///< mute, ask: "audio"|"video"; role: the role; resolve: the outcome
  std::vector<std::string> sockets;       ///< mute, ban
  std::vector<cluster_entry_of> waiting;  ///< resolve
  bool locked = false, lobby = false;     ///< settings

  /// Whether it belongs on a meeting's channel (not relay, revoke, ask).
  bool meeting_scoped() const {
    return type != kind::relay && type != kind::revoke && type != kind::ask;
  }
};

/// The most sockets or entries one message may name: far above any meeting's cap.
inline constexpr std::size_t max_listed = 4096;

/// nullopt when `payload` is not one of the documented messages with valid fields.
std::optional<cluster_message> parse_cluster_message(std::string_view payload);

/// A participant entry as stored in Redis: participant JSON plus "proc".
std::string cluster_entry(const participant& p, const std::string& process);
/// The participant (and process) of a stored entry; false when malformed.
bool parse_cluster_entry(const boost::json::value& v, participant& p, std::string& process);

/// The moderation state a snapshot carries, {host, locked, lobby, cohosts, bans}, and its
/// seed (the same object); false when malformed.
bool parse_cluster_moderation(std::string_view json, std::string& host,
                              store::moderation_record& m);
std::string cluster_moderation(const std::string& host, const store::moderation_record& m);
/// A snapshot's lobby: a JSON array of entries; false when malformed.
bool parse_cluster_lobby(std::string_view json, std::vector<cluster_entry_of>& out);

}  // namespace parley::signaling
