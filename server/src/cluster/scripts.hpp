// The Lua scripts that change a meeting's membership in Redis (docs/cluster.md "Keys" and
// "Membership"). Each runs atomically: Redis executes one script at a time, and the PUBLISH
// inside it puts the change on the meeting's channel in the same order for every subscriber.
// Each one that changes or reads a meeting gives the meeting's keys meeting_ttl to live again.
#pragma once

#include <chrono>
#include <string_view>

namespace parley::cluster::scripts {

/// docs/cluster.md "Keys": a meeting's keys (all but :ended) expire this long after the last
/// script that changed the meeting or the last `refresh` by a process holding a room for it
/// (node_options::meeting_refresh_every, six times as often): a meeting abandoned without an
/// end leaves nothing behind, a live one never loses them.
inline constexpr std::chrono::milliseconds meeting_ttl{3'600'000};

/// ARGV meeting, socketId, entry (JSON), max, process[, userId, admitted "1"|"0"] -> seq |
/// -1 already | -2 full | -3 ended | -4 locked | -5 banned | -6 the lobby holds it (with a
/// userId: the meeting's moderation state is checked, docs/cluster.md "Moderation")
extern const std::string_view join;
/// ARGV meeting, socketId, reason -> seq | 0 not a member
extern const std::string_view leave;
/// ARGV meeting, socketId, patch (JSON object), event -> seq | 0 not a member
extern const std::string_view update;
/// ARGV meeting[, seed] -> {seq, moderation JSON ("" when none), lobby JSON array, entry...}
/// (members in join order). `seed` ({host, locked, lobby, cohosts, bans}, from the store) is
/// written first when Redis holds no moderation state for the meeting.
extern const std::string_view snapshot;
/// ARGV meeting -> 1; members dropped, later joins refused (-3), `end` published
extern const std::string_view end;

// Moderation (docs/cluster.md "Moderation"). Those answering {seq, n} give the last change
// they published ({0, 0}: nothing changed) and how many sockets or entries it concerned.

/// ARGV meeting, socketId, entry, process, userId -> seq (held) | -1 already held | -3 ended |
/// -4 locked | -5 banned | -7 no lobby for it now (join at once)
extern const std::string_view wait;
/// ARGV meeting, socketId -> seq | 0 not held; publishes resolve "left"
extern const std::string_view unwait;
/// ARGV meeting, userId ("" = everyone), outcome "admitted"|"denied" -> {seq, n}
extern const std::string_view resolve;
/// ARGV meeting, kind "audio"|"video", by (JSON), socket ids (JSON array) -> {seq, n}
extern const std::string_view mute;
/// ARGV meeting, userId, by (JSON) -> {seq, n}: banned, its members dropped, its held joins denied
extern const std::string_view ban;
/// ARGV meeting, userId, role "cohost"|"participant" -> {seq, n}
extern const std::string_view role;
/// ARGV meeting, field "locked"|"lobby", "1"|"0" -> {seq, n}: lobby off admits everyone held
extern const std::string_view flag;
/// no ARGV -> {meetingId, userId, ...}: members of processes whose heartbeat expired, removed
/// (their `leave` published) where that user has no other member left in the meeting; their
/// joins held in a lobby are dropped too (resolve "left")
extern const std::string_view reap;

/// ARGV meeting... -> how many: each meeting's keys get meeting_ttl to live again (those that
/// exist; a process's rooms, node_options::meeting_refresh_every)
extern const std::string_view refresh;

/// ARGV userId, class, per second, burst -> 1 allowed (a token taken from the user's bucket
/// `parley:rate:<userId>:<class>`) | 0 refused (docs/cluster.md "Per-user limits")
extern const std::string_view rate;

}  // namespace parley::cluster::scripts
