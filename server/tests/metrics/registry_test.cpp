#include "metrics/registry.hpp"

#include <gtest/gtest.h>

#include <thread>
#include <vector>

namespace parley::metrics {
namespace {

TEST(registry, renders_prometheus_text) {
  registry reg;
  auto& ok = reg.add_counter("req_total", "Requests", {{"status", "2xx"}});
  auto& bad = reg.add_counter("req_total", "Requests", {{"status", "4xx"}});
  auto& g = reg.add_gauge("rooms", "Open rooms");
  auto& h = reg.add_histogram("lat_seconds", "Latency", {0.1, 1});
  reg.add_gauge_fn("queue", "Queue \"depth\"\nnow", [] { return 7.0; });
  ok.inc(3);
  bad.inc();
  g.set(2);
  g.dec();
  h.observe(0.05);
  h.observe(0.1);
  h.observe(5);
  const std::string text = reg.render();
  EXPECT_NE(text.find("# HELP req_total Requests\n# TYPE req_total counter\n"
                      "req_total{status=\"2xx\"} 3\nreq_total{status=\"4xx\"} 1\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("rooms 1\n"), std::string::npos) << text;
  EXPECT_NE(text.find("lat_seconds_bucket{le=\"0.1\"} 2\n"), std::string::npos) << text;
  EXPECT_NE(text.find("lat_seconds_bucket{le=\"+Inf\"} 3\nlat_seconds_sum 5.15\n"
                      "lat_seconds_count 3\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("# HELP queue Queue \"depth\"\\nnow\n"), std::string::npos) << text;
  EXPECT_NE(text.find("queue 7\n"), std::string::npos) << text;
}

TEST(registry, counts_from_many_threads_without_losing_updates) {
  registry reg;
  auto& c = reg.add_counter("c", "c");
  auto& g = reg.add_gauge("g", "g");
  std::vector<std::thread> ts;
  for (int i = 0; i < 4; ++i)
    ts.emplace_back([&] {
      for (int k = 0; k < 100'000; ++k) {
        c.inc();
        g.add(1);
      }
    });
  for (auto& t : ts) t.join();
  EXPECT_EQ(c.value(), 400'000u);
  EXPECT_EQ(g.value(), 400'000.0);
}

}  // namespace
}  // namespace parley::metrics
