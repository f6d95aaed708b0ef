// A token bucket: `capacity` tokens, refilled continuously at `rate` per second. Used per
// socket for the event rate limit and the abuse budget. Not thread-safe: it lives on one
// socket's strand.
#pragma once

#include <chrono>

namespace parley::signaling {

class token_bucket {
 public:
  using clock = std::chrono::steady_clock;

  /// Starts full. A capacity of 0 means no limit: try_take() always succeeds.
  token_bucket(double rate, double capacity, clock::time_point now = clock::now())
      : rate_(rate), capacity_(capacity), tokens_(capacity), last_(now) {}

  /// Capacity 0: try_take() always succeeds, and needs no clock read.
  bool unlimited() const { return capacity_ <= 0; }
  /// Takes one token if there is one; false (nothing taken) when empty.
  bool try_take(clock::time_point now);
  /// try_take() at the current time, which an unlimited bucket does not read.
  bool try_take() { return unlimited() || try_take(clock::now()); }
  /// Tokens available at `now` (after refilling).
  double available(clock::time_point now = clock::now());

 private:
  void refill(clock::time_point now);

  double rate_;
  double capacity_;
  double tokens_;
  clock::time_point last_;
};

}  // namespace parley::signaling
