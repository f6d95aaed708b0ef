// GET /api/ice-servers.
#include <chrono>

#include "api/resources.hpp"
#include "api/turn_credentials.hpp"

namespace parley::api::resources {

result ice_servers(const call& c) {
  const auto now = std::chrono::duration_cast<std::chrono::seconds>(
                       std::chrono::system_clock::now().time_since_epoch())
                       .count();
  const auto& turn = c.svc.cfg().turn;
  std::optional<std::int64_t> expiry;
  if (!turn.secret.empty() && !turn.turn_urls.empty())
    expiry = c.svc.turn_grant_bound().grant(c.who->user.id, now);  // per user (docs/api.md)
  return json_reply(bhttp::status::ok,
                    {{"iceServers", api::ice_servers(turn, c.who->user.id, expiry)}});
}

}  // namespace parley::api::resources
