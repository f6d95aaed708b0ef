// Plain rows the store reads and writes. Times are Unix milliseconds (UTC); ids are text.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace parley::store {

struct user_record {
  std::string id;                    ///< opaque, unique, e.g. "u7f3k2m9q1x8z4pa"
  std::string username;              ///< as typed; a guest's display name
  std::optional<std::string> email;  ///< as typed; none for guests
  std::string password_hash;         ///< Argon2id string (crypto_pwhash_str); empty for guests
  bool guest = false;
  std::int64_t created_at = 0;
};

struct session_record {
  std::string token_hash;  ///< hex SHA-256 of the bearer token; the token itself is never stored
  std::string user_id;
  std::int64_t created_at = 0;
  std::int64_t expires_at = 0;
};

/// find_session_user's answer: the session's owner and when the session expires.
struct session_user {
  user_record user;
  std::int64_t expires_at = 0;
};

struct participant_record {
  std::string user_id;
  std::int64_t joined_at = 0;           ///< first join
  std::optional<std::int64_t> left_at;  ///< last leave; reset to none on rejoin
};

struct meeting_record {
  std::string meeting_id;  ///< "kfq7-trmx-2pa9"
  std::string title;
  std::string host_id;
  std::string password_hash;  ///< Argon2id string, empty when the meeting has no password
  std::int64_t created_at = 0;
  std::optional<std::int64_t> ended_at;
  bool locked = false;  ///< new joins are refused (moderation)
  bool lobby = false;   ///< joins wait for a host's admit (moderation)
  /// Everyone who has joined, once each, in order of first join (filled by reads).
  std::vector<participant_record> participants;

  bool active() const { return !ended_at.has_value(); }
  bool has_password() const { return !password_hash.empty(); }
};

/// A meeting's moderation state beyond its row's flags: who the host made cohost, and who was
/// removed (and may not join again). User ids, in no particular order.
struct moderation_record {
  bool locked = false;
  bool lobby = false;
  std::vector<std::string> cohosts;
  std::vector<std::string> banned;
};

/// The two on/off settings of a meeting a host can change (store::set_meeting_flag).
enum class meeting_flag { locked, lobby };

struct message_record {
  std::int64_t id = 0;  ///< increasing within a store
  std::string meeting_id;
  std::string user_id;
  std::string username;  ///< the author's username at read time
  std::string text;
  std::int64_t sent_at = 0;
};

/// One stay of a user in a meeting: from a join (when they were not already present) to the
/// next leave, or to the meeting's end. A person who leaves and rejoins has several.
struct stay_record {
  std::string user_id;
  std::string username;  ///< the user's username at read time ("deleted user" once deleted)
  std::int64_t joined_at = 0;
  std::optional<std::int64_t> left_at;  ///< none while still present
};

/// What delete_user did besides anonymising the row.
struct deleted_user {
  std::vector<std::string> sessions;        ///< token hashes of the sessions it deleted
  std::vector<std::string> ended_meetings;  ///< active meetings the user hosted, now ended
};

/// One change of a meeting's participants, for store::record_attendance.
struct attendance {
  enum class kind { join, leave };
  kind what = kind::join;
  std::string meeting_id;
  std::string user_id;
  std::int64_t at = 0;  ///< joined_at on a first join, left_at on a leave
};

/// What record_attendance made of one successful change.
struct attendance_outcome {
  bool first_join = false;  ///< join: the user's first join of this meeting
  /// join: the meeting with its participants as committed (after the whole batch); leave: none.
  std::optional<meeting_record> meeting;
};

/// One recording of a meeting (docs/recording.md "Storage"). `status` is "recording" while
/// Janus writes its tracks, then "processing", then "ready" or "failed".
struct recording_record {
  std::string id;  ///< opaque, unique
  std::string meeting_id;
  std::int64_t started_at = 0;
  std::optional<std::int64_t> ended_at;  ///< none while recording
  std::string status = "recording";
  std::string failure;  ///< why it failed; empty otherwise
  std::int64_t duration_ms = 0;
  std::int64_t bytes = 0;
  std::string path;  ///< its folder under --recordings-dir (raw tracks, then the WebM)
};

}  // namespace parley::store
