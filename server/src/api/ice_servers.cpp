// GET /api/ice-servers.
#include <chrono>

#include "api/resources.hpp"
#include "api/turn_credentials.hpp"

namespace parley::api::resources {

result ice_servers(const call& c) {
  const auto now = std::chrono::duration_cast<std::chrono::seconds>(
                       std::chrono::system_clock::now().time_since_epoch())
                       .count();
  return json_reply(bhttp::status::ok,
                    {{"iceServers", api::ice_servers(c.svc.cfg().turn, c.who->user.id, now)}});
}

}  // namespace parley::api::resources
