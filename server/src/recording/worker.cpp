#include "recording/worker.hpp"

#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>

#include "core/clock.hpp"
#include "core/log.hpp"
#include "recording/compose.hpp"
#include "recording/spawn.hpp"
#include "recording/tracks.hpp"

namespace parley::recording {

namespace fs = std::filesystem;

namespace {

constexpr const char* output_name = "recording.webm";

/// The last write time of any file in `dir`, Unix ms, or `fallback`.
std::int64_t last_write_ms(const std::string& dir, std::int64_t fallback) {
  std::error_code ec;
  std::int64_t best = 0;
  for (const auto& e : fs::directory_iterator(dir, ec)) {
    auto t = e.last_write_time(ec);
    if (ec) continue;
    auto sys = std::chrono::file_clock::to_sys(t);
    best = std::max<std::int64_t>(
        best,
        std::chrono::duration_cast<std::chrono::milliseconds>(sys.time_since_epoch()).count());
  }
  return best ? best : fallback;
}

/// ffprobe's format duration of `file` in ms, or -1.
std::int64_t probe_duration_ms(const std::string& file, std::chrono::seconds limit) {
  std::string out;
  auto r = run_program({"ffprobe", "-v", "error", "-show_entries", "format=duration", "-of",
                        "default=noprint_wrappers=1:nokey=1", file},
                       "", limit, &out);
  if (!r.ok) return -1;
  try {
    return static_cast<std::int64_t>(std::stod(out) * 1000.0 + 0.5);
  } catch (...) {
    return -1;
  }
}

/// Removes everything in `dir` but the output file.
void remove_raw(const std::string& dir) {
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec))
    if (e.path().filename() != output_name) fs::remove_all(e.path(), ec);
}

}  // namespace

worker::worker(std::shared_ptr<domain::services> svc, options o)
    : svc_(std::move(svc)), opts_(std::move(o)) {
  thread_ = std::thread([this] { loop(); });
}

worker::~worker() {
  stop();
}

void worker::stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void worker::enqueue(std::string id) {
  {
    std::lock_guard lock(mu_);
    queue_.push_back(std::move(id));
  }
  cv_.notify_one();
}

void worker::recover() {
  auto& recs = svc_->recording_service();
  if (auto open = recs.with_status("recording")) {
    for (auto& r : *open) {
      r.status = "processing";
      r.ended_at = std::max(r.started_at, last_write_ms(r.path, r.started_at));
      if (recs.finish(r)) log::info("recording_recovered", {{"recording", r.id}});
    }
  }
  if (auto todo = recs.with_status("processing"))
    for (auto& r : *todo) enqueue(r.id);
}

std::uint64_t worker::usage() const {
  std::uint64_t total = 0;
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(opts_.dir, ec);
       !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (it->is_regular_file(ec)) total += it->file_size(ec);
  }
  return total;
}

void worker::loop() {
  // Composing is the heaviest work the server does: below the network and store threads.
  ::setpriority(PRIO_PROCESS, static_cast<id_t>(::gettid()), 10);
  for (;;) {
    std::string id;
    {
      std::unique_lock lock(mu_);
      cv_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (stopping_) return;
      id = std::move(queue_.front());
      queue_.pop_front();
    }
    process(id);
  }
}

void worker::process(const std::string& id) {
  auto& recs = svc_->recording_service();
  auto row = recs.find(id);
  if (!row || row->status != "processing") return;
  domain::recording r = std::move(*row);
  const auto began = std::chrono::steady_clock::now();
  std::string error = compose(r);
  if (error == interrupted) return;  // shutdown: still `processing`, recover() resumes it
  const auto took = std::chrono::duration_cast<std::chrono::milliseconds>(
                        std::chrono::steady_clock::now() - began)
                        .count();
  if (error.empty()) {
    r.status = "ready";
    r.failure.clear();
    // The row first, then the raw tracks: a row not saved (the store gone, the process killed
    // in between) stays `processing`, and the next start runs the job again from the tracks.
    if (auto w = recs.finish(r); !w) {
      log::error("recording_not_saved", {{"recording", id}});
      return;
    }
    remove_raw(r.path);
    log::info("recording_ready", {{"recording", id},
                                  {"durationMs", r.duration_ms},
                                  {"bytes", r.bytes},
                                  {"processingMs", took}});
    return;
  }
  r.status = "failed";
  r.failure = error;
  log::warn("recording_failed", {{"recording", id}, {"error", error}});
  if (auto w = recs.finish(r); !w) log::error("recording_not_saved", {{"recording", id}});
}

std::string worker::measure(domain::recording& r, const std::string& file) const {
  std::error_code ec;
  r.bytes = static_cast<std::int64_t>(fs::file_size(file, ec));
  if (ec || r.bytes == 0) return "ffmpeg wrote no file";
  r.duration_ms = probe_duration_ms(file, opts_.program_limit);
  if (r.duration_ms < 0) return "ffprobe could not read the result";
  return {};
}

std::string worker::compose(domain::recording& r) {
  const auto tracks = scan_tracks(r.path);
  const std::string out = r.path + "/" + output_name;
  if (tracks.empty()) {
    // A file composed before its row could be saved, by a build that removed the tracks first
    // (docs/recording.md "After a crash or a restart"): it is the result.
    std::error_code ec;
    if (fs::exists(out, ec) && measure(r, out).empty()) return {};
    return "nothing was recorded (no track in the recording's folder)";
  }
  const std::string log_path = r.path + "/process.log";
  std::vector<input> inputs;
  for (const auto& t : tracks) {
    const bool video = t.header.media == 'v';
    const std::string out = t.path.substr(0, t.path.size() - 4) + (video ? ".webm" : ".opus");
    auto c = run_program({"janus-pp-rec", t.path, out}, log_path, opts_.program_limit, nullptr,
                         &stopping_);
    if (c.error == interrupted) return interrupted;
    if (!c.ok) return c.error + " (converting " + fs::path(t.path).filename().string() + ")";
    std::error_code ec;
    if (!fs::exists(out, ec) || fs::file_size(out, ec) == 0) continue;  // no media in it
    input in{out, video, std::max<std::int64_t>(0, t.start_ms() - r.started_at)};
    if (video) {
      // Its end: its start plus the converted file's duration (docs/recording.md "Processing").
      const std::int64_t length = probe_duration_ms(out, opts_.program_limit);
      in.end_ms = length < 0 ? -1 : in.offset_ms + length;
      in.screen = t.kind == "screen";
    }
    inputs.push_back(std::move(in));
  }
  if (inputs.empty()) return "nothing was recorded (every track was empty)";
  const std::int64_t duration =
      std::max<std::int64_t>(1, r.ended_at.value_or(r.started_at) - r.started_at);
  auto f = run_program(ffmpeg_args(inputs, duration, out), log_path, opts_.program_limit, nullptr,
                       &stopping_);
  if (f.error == interrupted) return interrupted;
  if (!f.ok) return f.error + " (composing; see " + log_path + ")";
  return measure(r, out);
}

}  // namespace parley::recording
