// Runs a helper program (janus-pp-rec, ffmpeg, ffprobe) to completion with posix_spawnp, its
// stdout and stderr appended to a log file, and a wall-clock limit after which it is killed.
// Blocking: only the recording worker calls it (docs/recording.md "Processing").
#pragma once

#include <atomic>
#include <chrono>
#include <string>
#include <vector>

namespace parley::recording {

struct spawn_result {
  bool ok = false;    ///< ran and exited 0
  std::string error;  ///< otherwise why: "ffmpeg: exit status 1", "... killed after 600 s"
};

/// Runs argv[0] (looked up in PATH) with `argv`, stdout and stderr appended to `log_path`
/// ("" discards them), stdout instead captured into `*out` when `out` is given. The program is
/// killed when `*cancel` becomes true (shutdown): error "interrupted".
spawn_result run_program(const std::vector<std::string>& argv, const std::string& log_path,
                         std::chrono::seconds limit, std::string* out = nullptr,
                         const std::atomic<bool>* cancel = nullptr);

/// The error run_program reports after `cancel`.
inline constexpr const char* interrupted = "interrupted";

}  // namespace parley::recording
