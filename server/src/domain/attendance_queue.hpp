// Group commit of participant changes (joins and leaves). Callers on any thread push a change
// with a completion; one drain at a time runs on the blocking pool, takes what is queued (up to
// `max_batch`, oldest first) and records it with one store::record_attendance: one transaction
// and one commit for the batch instead of one per change. Each completion runs on that pool
// thread after the commit, so no caller hears of a change before it is durable.
//
// While a drain commits, new changes queue and become the next batch: under load the batches
// grow by themselves, and a lone change waits for nothing but its own commit.
//
// Thread-safe. The store must outlive the queue and every drain it posted.
#pragma once

#include <cstddef>
#include <functional>
#include <mutex>
#include <vector>

#include "store/store.hpp"

namespace parley::domain {

class attendance_queue {
 public:
  using done_fn = std::function<void(store::result<store::attendance_outcome>)>;
  /// Runs a drain on the blocking pool.
  using post_fn = std::function<void(std::function<void()>)>;

  attendance_queue(store::store& db, post_fn post, std::size_t max_batch);

  /// Queues `change`; `done` gets its result after the batch holding it committed.
  void push(store::attendance change, done_fn done);

 private:
  struct pending {
    store::attendance change;
    done_fn done;
  };

  void drain();
  /// The next batch (empty when the queue is: the drain then ends).
  std::vector<pending> take();

  store::store& db_;
  post_fn post_;
  std::size_t max_batch_;
  std::mutex mutex_;
  std::vector<pending> queue_;
  bool draining_ = false;
};

}  // namespace parley::domain
