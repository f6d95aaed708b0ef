// Calls `tick` at a fixed average rate on the io thread: an open-loop load. A late wake-up
// catches up on the calls it owes at once (at most `max_burst`), so the offered rate holds.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>

#include "core/net.hpp"

namespace parley::bench {

class pacer {
 public:
  // `tick` returns false to stop the pacer.
  pacer(net::io_context& io, double per_second, std::function<bool()> tick);
  ~pacer();
  pacer(const pacer&) = delete;
  pacer& operator=(const pacer&) = delete;

  void start();
  void stop() {
    running_ = false;
    timer_.cancel();
  }
  bool running() const { return running_; }
  std::uint64_t count() const { return count_; }

 private:
  void wake();

  net::steady_timer timer_;
  double interval_ns_;
  std::function<bool()> tick_;
  std::int64_t start_ns_ = 0;
  std::uint64_t count_ = 0;
  bool running_ = false;
  // A wake-up already queued when the pacer stops or dies still runs: it checks this first.
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
  static constexpr std::uint64_t max_burst = 1000;
};

}  // namespace parley::bench
