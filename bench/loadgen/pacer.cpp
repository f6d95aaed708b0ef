#include "loadgen/pacer.hpp"

#include "loadgen/payloads.hpp"

namespace parley::bench {

pacer::pacer(net::io_context& io, double per_second, std::function<bool()> tick)
    : timer_(io), interval_ns_(1e9 / per_second), tick_(std::move(tick)) {}

pacer::~pacer() {
  *alive_ = false;
  timer_.cancel();
}

void pacer::start() {
  running_ = true;
  start_ns_ = now_ns();
  wake();
}

void pacer::wake() {
  if (!running_) return;
  const auto due = std::uint64_t(double(now_ns() - start_ns_) / interval_ns_) + 1;
  for (std::uint64_t burst = 0; count_ < due && burst < max_burst; ++burst) {
    ++count_;
    if (!tick_()) return stop();
  }
  const auto next_ns = start_ns_ + std::int64_t(double(count_) * interval_ns_);
  timer_.expires_at(std::chrono::steady_clock::time_point(std::chrono::nanoseconds(next_ns)));
  timer_.async_wait([this, alive = alive_](error_code ec) {
    if (!ec && *alive) wake();
  });
}

}  // namespace parley::bench
