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

class counter {
 public:
  void inc(std::uint64_t n = 1) { value_.fetch_add(n, std::memory_order_relaxed); }
  std::uint64_t value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<std::uint64_t> value_{0};
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
  std::vector<double> bounds_;
  std::unique_ptr<std::atomic<std::uint64_t>[]> counts_;  // bounds_.size() + 1
  std::atomic<double> sum_{0};
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
