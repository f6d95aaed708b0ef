// The threads that run blocking work (store calls, Argon2) for the services, below the
// network threads' priority: on a busy server a network thread keeps its core until it has
// nothing left to do instead of being preempted by every store call it queues, and the store
// work queued meanwhile then runs as one batch (attendance_queue's group commit grows with it).
// Where a core is idle the pool simply runs there.
//
// Thread-safe. post() after join() has begun runs nothing.
#pragma once

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <cstddef>
#include <optional>
#include <thread>
#include <utility>
#include <vector>

namespace parley::domain {

class blocking_pool {
 public:
  /// Starts `threads` threads (at least one) at `nice` above the process's niceness
  /// (setpriority; 0 keeps it; failures are ignored: the pool then runs at normal priority).
  blocking_pool(std::size_t threads, int nice);
  /// Calls join().
  ~blocking_pool();
  blocking_pool(const blocking_pool&) = delete;
  blocking_pool& operator=(const blocking_pool&) = delete;

  template <class F>
  void post(F f) {
    boost::asio::post(ctx_, std::move(f));
  }

  /// Runs what is queued, including what that work posts, then stops the threads. Blocks.
  /// Idempotent.
  void join();

 private:
  boost::asio::io_context ctx_;
  std::optional<boost::asio::executor_work_guard<boost::asio::io_context::executor_type>> work_;
  std::vector<std::thread> threads_;
};

}  // namespace parley::domain
