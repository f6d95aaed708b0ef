// GET /healthz, GET /metrics, POST /api/uplink-probe.
#include "api/resources.hpp"

namespace parley::api::resources {

result healthz(const call& c) {
  if (auto r = c.svc.check_store(); !r) return r.error();
  return json_reply(bhttp::status::ok, {{"status", "ok"}});
}

result metrics_text(const call& c) {
  return reply{bhttp::status::ok, "text/plain; version=0.0.4; charset=utf-8", c.metrics.render()};
}

result uplink_probe(const call&) {
  return no_content();  // the body was read (up to the body limit) and is dropped
}

}  // namespace parley::api::resources
