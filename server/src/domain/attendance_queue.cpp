#include "domain/attendance_queue.hpp"

#include <algorithm>
#include <exception>
#include <iterator>

#include "core/log.hpp"

namespace parley::domain {

attendance_queue::attendance_queue(store::store& db, post_fn post, std::size_t max_batch)
    : db_(db), post_(std::move(post)), max_batch_(std::max<std::size_t>(1, max_batch)) {}

void attendance_queue::push(store::attendance change, done_fn done) {
  {
    std::lock_guard lock(mutex_);
    queue_.push_back({std::move(change), std::move(done)});
    if (draining_) return;  // the running drain takes it with its next batch
    draining_ = true;
  }
  post_([this] { drain(); });
}

std::vector<attendance_queue::pending> attendance_queue::take() {
  std::lock_guard lock(mutex_);
  std::vector<pending> batch;
  if (queue_.size() <= max_batch_) {
    batch.swap(queue_);
  } else {
    const auto end = queue_.begin() + static_cast<std::ptrdiff_t>(max_batch_);
    batch.assign(std::make_move_iterator(queue_.begin()), std::make_move_iterator(end));
    queue_.erase(queue_.begin(), end);
  }
  if (batch.empty()) draining_ = false;
  return batch;
}

void attendance_queue::drain() {
  for (auto batch = take(); !batch.empty(); batch = take()) {
    std::vector<store::attendance> changes;
    changes.reserve(batch.size());
    for (auto& p : batch) changes.push_back(std::move(p.change));
    std::vector<store::result<store::attendance_outcome>> results;
    try {
      results = db_.record_attendance(changes);
    } catch (const std::exception& e) {
      log::error("service_exception", {{"what", e.what()}});
      results.assign(batch.size(), store::errc::backend_failure);
    }
    for (std::size_t i = 0; i < batch.size(); ++i) {
      try {  // one caller's bug must not stall everyone queued after it
        batch[i].done(std::move(results[i]));
      } catch (const std::exception& e) {
        log::error("service_exception", {{"what", e.what()}});
      }
    }
  }
}

}  // namespace parley::domain
