// Meetings, participants and chat: the contract's rules in one place, used by REST and by
// Socket.IO signaling alike.
//
// Threads: every method blocks (store, Argon2 for meeting passwords) and is thread-safe.
// Call through services::run / the services' async_* wrappers, never on a network thread.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/lru_cache.hpp"
#include "domain/attempt_limiter.hpp"
#include "domain/config.hpp"
#include "domain/errc.hpp"
#include "store/store.hpp"

namespace parley::domain {

class listeners;

class meetings {
 public:
  meetings(store::store& db, const config& cfg, listeners& notify);

  /// A new active meeting hosted by `host_id` with a fresh meetingId. The host is not a
  /// participant until they join. invalid_field "title" / "password". `lobby`: joins wait
  /// for a host's admit from the start (docs/signaling.md "Lobby").
  outcome<store::meeting_record> create(std::string_view host_id,
                                        std::optional<std::string_view> title,
                                        std::optional<std::string_view> password,
                                        bool lobby = false);

  /// not_found for an unknown or malformed id.
  outcome<store::meeting_record> get(std::string_view meeting_id);

  /// Meetings the user hosted or joined, newest first (config::meeting_list_limit).
  outcome<std::vector<store::meeting_record>> list_for(std::string_view user_id);

  /// The contract's join rule: exists (not_found), active (meeting_ended), password matches
  /// unless the caller is the host (wrong_password; a missing password counts as wrong).
  /// Records the participant once (first join keeps its place) and returns the meeting with
  /// the joiner in `participants`. admit(), one record_attendance, joined(). A user removed
  /// from the meeting (store::ban_user) is forbidden.
  outcome<store::meeting_record> join(std::string_view user_id, std::string_view meeting_id,
                                      std::optional<std::string_view> password);

  /// join()'s checks, before anything is written (blocks: store read on a cache miss,
  /// Argon2 for a meeting password). Wrong passwords are counted (config::meeting_passwords):
  /// over the limit it is rate_limited with retry_after, whatever the password. Returns the
  /// meeting's row (participants left empty).
  outcome<store::meeting_record> admit(std::string_view user_id, std::string_view meeting_id,
                                       std::optional<std::string_view> password);
  /// The meeting's row (participants left empty) when admit() would pass and needs neither
  /// the store nor Argon2: the meeting is cached as active and has no password, or `user_id`
  /// hosts it. Never blocks. (Whether it ended meanwhile is checked again where the join is
  /// written.)
  std::optional<store::meeting_record> admit_from_cache(std::string_view user_id,
                                                        std::string_view meeting_id);
  /// admit()'s checks that need no Argon2 (not_found, meeting_ended): the meeting's row
  /// (participants left empty) when they admit the user, std::nullopt when admit() still has
  /// a password to check (blocks: store read on a cache miss).
  outcome<std::optional<store::meeting_record>> admit_without_password(std::string_view user_id,
                                                                       std::string_view meeting_id);
  /// The answer to a join of `meeting_id` from its store::record_attendance result.
  outcome<store::meeting_record> joined(std::string_view meeting_id,
                                        store::result<store::attendance_outcome> r);

  /// Records that the user left (left_at). not_found if they never joined. Never fails for
  /// an ended meeting.
  outcome<void> leave(std::string_view user_id, std::string_view meeting_id);

  /// Host only (not_host); meeting_ended if already ended; not_found. On success tells the
  /// listeners (on_meeting_ended) and returns the ended meeting.
  outcome<store::meeting_record> end(std::string_view user_id, std::string_view meeting_id);

  // Moderation (docs/signaling.md "Moderation"): the live room decides who may; these store.
  /// The meeting's lock, lobby, cohosts and bans; not_found.
  outcome<store::moderation_record> moderation(std::string_view meeting_id);
  outcome<void> set_flag(std::string_view meeting_id, store::meeting_flag flag, bool on);
  outcome<void> set_cohost(std::string_view meeting_id, std::string_view user_id, bool cohost);
  outcome<void> ban(std::string_view meeting_id, std::string_view user_id);

  /// Stores a chat message (invalid_field "text": 1-4000 code points) from a participant or
  /// the host (forbidden otherwise) of an active meeting (meeting_ended).
  outcome<store::message_record> post_message(std::string_view user_id, std::string_view meeting_id,
                                              std::string_view text);

  /// A page of the transcript, oldest first: the last `limit` messages (default and most:
  /// config::message_history; invalid_field "limit" outside 1..that), or with `before` (a
  /// message id, invalid_field "before" unless >= 1) the last `limit` of those older than it.
  /// Participants and the host only (forbidden).
  outcome<std::vector<store::message_record>> messages(
      std::string_view user_id, std::string_view meeting_id,
      std::optional<std::int64_t> before = std::nullopt,
      std::optional<std::int64_t> limit = std::nullopt);

  /// Every stay in the meeting (several per person who left and rejoined), in order of
  /// joining; participants and the host only (forbidden).
  outcome<std::vector<store::stay_record>> attendance(std::string_view user_id,
                                                      std::string_view meeting_id);

 private:
  outcome<store::meeting_record> find(std::string_view meeting_id);
  /// The meeting's row without participants: the cache, else the store.
  outcome<store::meeting_record> row(std::string_view meeting_id);
  void remember(const store::meeting_record& m);
  outcome<void> require_member(const store::meeting_record& m, std::string_view user_id);

  store::store& db_;
  const config& cfg_;
  listeners& notify_;
  /// Active meetings' rows (participants left empty); a row's fields never change except
  /// ended_at, which the store checks again when it records a join.
  core::lru_cache<store::meeting_record> active_;
  /// Failed meeting passwords: "login" is "<meetingId>/<userId>", "address" the meetingId.
  attempt_limiter guesses_;
};

}  // namespace parley::domain
