// Process metrics rendered in the Prometheus text format (GET /metrics).
//
// Register each series once at start-up (registration takes a lock and returns a reference
// that stays valid for the registry's lifetime); update from any thread without locks
// (atomics). Labels are fixed per series at registration: register one series per label
// value you need ("status" = "2xx", "4xx", "5xx"), under the same family name.
//
//   auto& joins = reg.add_counter("parley_meeting_joins_total", "Meeting joins accepted");
//   joins.inc();
//   auto& lat = reg.add_histogram("parley_http_request_seconds", "REST latency",
//                                 metrics::latency_buckets(), {{"route", "sessions"}});
//   lat.observe(0.012);
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

namespace parley::metrics {

using labels = std::vector<std::pair<std::string, std::string>>;

namespace detail {

/// Counters and histograms are split in `slots` cells on cache lines of their own, one per
/// thread (taken round robin; beyond `slots` threads share cells, still atomically), so the
/// relay path's updates on several I/O threads never contend for a line. Reads sum the cells.
inline constexpr std::size_t slots = 8;

inline std::size_t slot() noexcept {
  static std::atomic<std::size_t> next{0};
  thread_local const std::size_t mine = next.fetch_add(1, std::memory_order_relaxed) % slots;
  return mine;
}

template <class T>
struct alignas(64) cell {
  std::atomic<T> v{0};
};

}  // namespace detail

class counter {
 public:
  void inc(std::uint64_t n = 1) {
    cells_[detail::slot()].v.fetch_add(n, std::memory_order_relaxed);
  }
  std::uint64_t value() const;

 private:
  std::array<detail::cell<std::uint64_t>, detail::slots> cells_;
};

class gauge {
 public:
  void set(double v) { value_.store(v, std::memory_order_relaxed); }
  void add(double d) { value_.fetch_add(d, std::memory_order_relaxed); }
  void inc() { add(1); }
  void dec() { add(-1); }
  double value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<double> value_{0};
};

class histogram {
 public:
  /// `bounds` are the upper bounds, ascending; +Inf is implied.
  explicit histogram(std::vector<double> bounds);
  void observe(double v);

  struct snapshot {
    std::vector<double> bounds;
    std::vector<std::uint64_t> cumulative;  ///< one per bound, then +Inf
    double sum = 0;
  };
  snapshot snap() const;

 private:
  struct alignas(64) line {
    std::atomic<std::uint64_t> count[8] = {};
  };
  std::atomic<std::uint64_t>& count(std::size_t slot, std::size_t bucket) const {
    return counts_[slot][bucket / 8].count[bucket % 8];
  }

  std::vector<double> bounds_;
  /// Per slot, bounds_.size() + 1 counts on lines of their own.
  std::array<std::unique_ptr<line[]>, detail::slots> counts_;
  std::array<detail::cell<double>, detail::slots> sums_;
};

/// 1 ms .. 10 s, roughly doubling: fits request and store latencies.
std::vector<double> latency_buckets();

class registry {
 public:
  counter& add_counter(const std::string& name, const std::string& help, labels l = {});
  gauge& add_gauge(const std::string& name, const std::string& help, labels l = {});
  histogram& add_histogram(const std::string& name, const std::string& help,
                           std::vector<double> bounds, labels l = {});
  /// A gauge read at render time (queue lengths, connection counts kept elsewhere). `read`
  /// runs under the registry lock on the rendering thread; it must be cheap and thread-safe.
  void add_gauge_fn(const std::string& name, const std::string& help, std::function<double()> read,
                    labels l = {});

  /// Prometheus text exposition format 0.0.4; families sorted by name.
  std::string render() const;

 private:
  enum class kind { counter, gauge, histogram };
  struct series {
    labels l;
    counter* c = nullptr;
    gauge* g = nullptr;
    histogram* h = nullptr;
    std::function<double()> fn;
  };
  struct family {
    std::string help;
    kind k;
    std::vector<series> members;
  };
  family& family_for(const std::string& name, const std::string& help, kind k);

  mutable std::mutex mutex_;
  std::map<std::string, family> families_;
  std::deque<counter> counters_;
  std::deque<gauge> gauges_;
  std::deque<histogram> histograms_;
};

}  // namespace parley::metrics
