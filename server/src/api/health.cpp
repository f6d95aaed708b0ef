// GET /healthz, GET /metrics.
#include "api/resources.hpp"

namespace parley::api::resources {

result healthz(const call& c) {
  if (auto r = c.svc.check_store(); !r) return r.error();
  return json_reply(bhttp::status::ok, {{"status", "ok"}});
}

result metrics_text(const call& c) {
  return reply{bhttp::status::ok, "text/plain; version=0.0.4; charset=utf-8", c.metrics.render()};
}

}  // namespace parley::api::resources
