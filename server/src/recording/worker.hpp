// The recording worker (docs/recording.md "Processing"): one thread, at nice +10, that turns a
// stopped recording's raw tracks into its WebM, never on a network thread. A job converts each
// .mjr with janus-pp-rec, composes them with ffmpeg (compose.hpp), measures the result with
// ffprobe, and writes the row: `ready` with its duration and size (the raw tracks are then
// removed) or `failed` with the reason (the raw tracks stay, and a later enqueue retries).
//
// Threads: enqueue() and recover() from any thread; jobs run one at a time on the worker's own
// thread, in order. stop() (and the destructor) interrupts the job in hand and drops the queue
// (the rows stay `processing`, and recover() at the next start takes them up again); the
// application stops the worker before it closes the store, so a job's last write lands.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "domain/services.hpp"

namespace parley::recording {

struct options {
  std::string dir;  ///< --recordings-dir: one folder per recording under it
  /// --recordings-max-bytes: a recording is refused (and one running is stopped) once the
  /// folder holds this much; 0 = no limit but the disk's own.
  std::uint64_t max_bytes = 0;
  /// A helper program running longer than this is killed and the job fails: a stuck ffmpeg
  /// must not hold the queue for good. 2 h covers hours of meeting at the measured speed.
  std::chrono::seconds program_limit{7200};
};

class worker {
 public:
  worker(std::shared_ptr<domain::services> svc, options o);
  ~worker();
  worker(const worker&) = delete;
  worker& operator=(const worker&) = delete;

  const options& opts() const { return opts_; }
  /// Queues the job of recording `id` (its row must be `processing`; others are skipped).
  void enqueue(std::string id);
  /// After a restart: every row still `recording` (the server stopped mid-recording) becomes
  /// `processing`, ended when its last track was written; then every `processing` row is
  /// queued. Blocking (the store); call before serving.
  void recover();
  /// Bytes under the recordings folder now (blocking: walks the folder).
  std::uint64_t usage() const;

  /// One job, on the calling thread (the worker's loop; tests call it directly).
  void process(const std::string& id);
  /// Kills the program a job is running, waits for the thread, and takes no more jobs.
  /// Idempotent; call from one thread (the owner's).
  void stop();

 private:
  void loop();
  /// The job's work: "" when the WebM is written and `r` updated, else why it failed.
  std::string compose(domain::recording& r);
  /// The composed `file`'s size and duration into `r`: "" or why they cannot be read.
  std::string measure(domain::recording& r, const std::string& file) const;

  std::shared_ptr<domain::services> svc_;
  const options opts_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::string> queue_;      // mu_
  std::atomic<bool> stopping_{false};  // set under mu_; read by running programs
  std::thread thread_;
};

}  // namespace parley::recording
