// Recordings of meetings (docs/recording.md): who may list, fetch and delete them, and their
// life from `recording` through `processing` to `ready` or `failed`. Blocking (the store):
// call on the blocking pool or the recording worker, never on a network thread.
#pragma once

#include <cstdint>
#include <functional>
#include <mutex>
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
  /// Processes a `failed` recording again (its meeting's host only): the row becomes
  /// `processing` and is handed to the processor. One already `processing` is returned as it
  /// is; `recording` or `ready` is conflict. not_found, forbidden, not_host.
  outcome<recording> retry(std::string_view user_id, std::string_view id);
  /// Who processes rows that become `processing` through retry() (the recording worker's
  /// enqueue); set once at start, before serving.
  void set_processor(std::function<void(std::string)> enqueue) { processor_ = std::move(enqueue); }

  // --- links to the file (docs/recording.md "Links to the file") --------------------------
  /// How long a link stays valid: long enough to watch a long meeting with pauses.
  static constexpr std::int64_t link_lifetime_s = 12 * 3600;
  /// "/api/recordings/<id>/file?expires=<unix s>&sig=<signature>", valid until now_s +
  /// link_lifetime_s. Fails only when the store cannot give the signing key.
  outcome<std::string> file_link(std::string_view id, std::int64_t now_s);
  /// The recording a link opens: not_found (unknown id), forbidden (a wrong or expired
  /// signature: the message says so).
  outcome<recording> by_link(std::string_view id, std::int64_t expires_s,
                             std::string_view signature, std::int64_t now_s);

 private:
  /// The host flag of `user_id` in the meeting, or forbidden / not_found.
  outcome<bool> membership(std::string_view user_id, std::string_view meeting_id);
  /// The links' signing key, read from (or first stored in) the store once per process.
  outcome<std::string> link_key();

  store::store& db_;
  std::function<void(std::string)> processor_;
  std::mutex key_mu_;
  std::string key_;  // key_mu_; empty until read
};

}  // namespace parley::domain
