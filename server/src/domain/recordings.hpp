// Recordings of meetings (docs/recording.md): who may list, fetch and delete them, and their
// life from `recording` through `processing` to `ready` or `failed`. Blocking (the store):
// call on the blocking pool or the recording worker, never on a network thread.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/errc.hpp"
#include "domain/records.hpp"
#include "store/store.hpp"

namespace parley::domain {

class recordings {
 public:
  explicit recordings(store::store& db) : db_(db) {}

  /// A new row for `meeting_id` in status `recording`, its folder `dir_root`/<id>. not_found,
  /// meeting_ended.
  outcome<recording> start(std::string_view meeting_id, std::string_view dir_root,
                           std::int64_t at_ms);
  /// `recording` -> `processing` with ended_at. not_found.
  outcome<recording> stop(std::string_view id, std::int64_t at_ms);
  /// The row, whoever asks (the recording worker). not_found.
  outcome<recording> find(std::string_view id);
  /// Writes the job's result (ready with duration and size, or failed with the reason).
  outcome<void> finish(const recording& r);
  /// Rows in `status` ("recording" after a crash, "processing" after a stop whose job was lost).
  outcome<std::vector<recording>> with_status(std::string_view status);

  /// The meeting's recording in progress, if any.
  outcome<std::optional<recording>> active_in(std::string_view meeting_id);
  /// The meeting's recordings for `user_id`: the host and participants only (forbidden).
  outcome<std::vector<recording>> list(std::string_view user_id, std::string_view meeting_id);
  /// One recording for `user_id` (who must be the host or a participant of its meeting):
  /// not_found, forbidden.
  outcome<recording> get(std::string_view user_id, std::string_view id);
  /// Deletes the row (its meeting's host only: not_host) and returns it, so the caller can
  /// remove its folder. not_found, forbidden (not even a participant).
  outcome<recording> remove(std::string_view user_id, std::string_view id);

 private:
  /// The host flag of `user_id` in the meeting, or forbidden / not_found.
  outcome<bool> membership(std::string_view user_id, std::string_view meeting_id);

  store::store& db_;
};

}  // namespace parley::domain
