// The contract's JSON shapes of users, meetings and messages (section 2), for REST responses
// and Socket.IO acks alike. Never includes a password or a hash.
#pragma once

#include <boost/json/object.hpp>

#include "store/records.hpp"

namespace parley::domain {

/// {id, username, email?, guest, createdAt}
boost::json::object user_json(const store::user_record& u);
/// {meetingId, title, hostId, participants: [userId...], status, hasPassword, createdAt,
///  endedAt|null}
boost::json::object meeting_json(const store::meeting_record& m);
/// {id, userId, username, text, sentAt}
boost::json::object message_json(const store::message_record& m);
/// {userId, username, joinedAt, leftAt|null}: one stay (GET /api/meetings/:id/attendance)
boost::json::object stay_json(const store::stay_record& s);
/// {id, meetingId, startedAt, endedAt, status, durationMs, bytes, failure?}
/// (docs/recording.md "REST"); the folder on disk is never shown.
boost::json::object recording_json(const store::recording_record& r);

}  // namespace parley::domain
