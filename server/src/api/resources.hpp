// One small handler per route (docs/api.md), grouped one resource per .cpp file.
// Each runs on the blocking pool with the request already matched and, where the route
// needs it, authenticated (call::who set).
#pragma once

#include "api/call.hpp"

namespace parley::api::resources {

using result = domain::outcome<reply>;

// accounts.cpp
result create_user(const call& c);     ///< POST /api/users -> 201 {user, token}
result create_session(const call& c);  ///< POST /api/sessions -> 200 {user, token}
result delete_session(const call& c);  ///< DELETE /api/sessions -> 204
result create_guest(const call& c);    ///< POST /api/guests -> 201 {user, token}

// me.cpp
result me(const call& c);               ///< GET /api/me -> 200 {user}
result update_me(const call& c);        ///< PATCH /api/me {displayName} -> 200 {user}
result change_password(const call& c);  ///< POST /api/me/password -> 204
result delete_me(const call& c);        ///< DELETE /api/me -> 204

// meetings.cpp
result create_meeting(const call& c);  ///< POST /api/meetings -> 201 {meeting}
result list_meetings(const call& c);   ///< GET /api/meetings -> 200 {meetings}
result get_meeting(const call& c);     ///< GET /api/meetings/:id -> 200 {meeting}
result join_meeting(const call& c);    ///< POST /api/meetings/:id/join -> 200 {meeting}
result end_meeting(const call& c);     ///< POST /api/meetings/:id/end -> 200 {meeting}

// attendance.cpp
result list_attendance(const call& c);  ///< GET /api/meetings/:id/attendance -> 200 {attendance}

// recordings.cpp (docs/recording.md "REST")
/// GET /api/meetings/:id/recordings -> 200 {recordings}; host and participants only.
result list_recordings(const call& c);
/// GET /api/recordings/:id/file -> 200 the WebM, or 206 its Range; 404 until ready.
result recording_file(const call& c);
/// DELETE /api/recordings/:id -> 204; the meeting's host only.
result delete_recording(const call& c);
/// POST /api/recordings/:id/retry -> 202 {recording}; the meeting's host only.
result retry_recording(const call& c);

// messages.cpp, ice_servers.cpp, health.cpp (healthz, metrics_text)
/// GET /api/meetings/:id/messages[?before=<id>&limit=N] -> 200 {messages}
result list_messages(const call& c);
result ice_servers(const call& c);   ///< GET /api/ice-servers -> 200 {iceServers}
result healthz(const call& c);       ///< GET /healthz -> 200 {status: "ok"} when the store answers
result metrics_text(const call& c);  ///< GET /metrics -> Prometheus text
result uplink_probe(const call& c);  ///< POST /api/uplink-probe -> 204 (the body is dropped)

}  // namespace parley::api::resources
