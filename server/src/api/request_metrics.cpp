#include "api/request_metrics.hpp"

namespace parley::api {

request_metrics::request_metrics(metrics::registry& reg, const std::vector<route>& routes) {
  auto add = [&](const std::string& name) {
    per_route r{};
    const char* classes[] = {"2xx", "4xx", "5xx"};
    for (int i = 0; i < 3; ++i)
      r.by_class[i] = &reg.add_counter("parley_http_requests_total", "REST requests answered",
                                       {{"route", name}, {"status", classes[i]}});
    r.latency = &reg.add_histogram("parley_http_request_seconds", "REST request latency",
                                   metrics::latency_buckets(), {{"route", name}});
    routes_.push_back(r);
  };
  for (const auto& r : routes) add(r.name);
  add("unmatched");
  pending_ = &reg.add_gauge("parley_http_pending_requests",
                            "REST requests waiting for or running on the blocking pool");
}

void request_metrics::record(std::size_t route_index, unsigned status,
                             std::chrono::steady_clock::duration took) {
  auto& r = routes_.at(std::min(route_index, routes_.size() - 1));
  r.by_class[status >= 500 ? 2 : status >= 400 ? 1 : 0]->inc();
  r.latency->observe(std::chrono::duration<double>(took).count());
}

}  // namespace parley::api
