// REST metrics: requests by route and status class, latency by route, requests waiting for
// the blocking pool. Series are registered once, at construction.
#pragma once

#include <chrono>
#include <cstddef>
#include <vector>

#include "api/routes.hpp"
#include "metrics/registry.hpp"

namespace parley::api {

class request_metrics {
 public:
  request_metrics(metrics::registry& reg, const std::vector<route>& routes);

  /// `route_index` indexes the route table; routes.size() means "no route matched".
  void record(std::size_t route_index, unsigned status, std::chrono::steady_clock::duration took);

  metrics::gauge& pending() { return *pending_; }

 private:
  struct per_route {
    metrics::counter* by_class[3];  // 2xx/3xx, 4xx, 5xx
    metrics::histogram* latency;
  };
  std::vector<per_route> routes_;
  metrics::gauge* pending_;
};

}  // namespace parley::api
