// The Lua scripts that change a meeting's membership in Redis (docs/cluster.md "Keys" and
// "Membership"). Each runs atomically: Redis executes one script at a time, and the PUBLISH
// inside it puts the change on the meeting's channel in the same order for every subscriber.
#pragma once

#include <string_view>

namespace parley::cluster::scripts {

/// ARGV meeting, socketId, entry (JSON), max, process -> seq | -1 already | -2 full | -3 ended
extern const std::string_view join;
/// ARGV meeting, socketId, reason -> seq | 0 not a member
extern const std::string_view leave;
/// ARGV meeting, socketId, patch (JSON object), event -> seq | 0 not a member
extern const std::string_view update;
/// ARGV meeting -> {seq, entry...} in join order
extern const std::string_view snapshot;
/// ARGV meeting -> 1; members dropped, later joins refused (-3), `end` published
extern const std::string_view end;
/// no ARGV -> {meetingId, userId, ...}: members of processes whose heartbeat expired, removed
/// (their `leave` published) where that user has no other member left in the meeting
extern const std::string_view reap;

}  // namespace parley::cluster::scripts
