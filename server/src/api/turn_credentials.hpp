// TURN REST credentials (draft-uberti-behave-turn-rest-00, as coturn's use-auth-secret
// expects): username "<unix expiry>:<userId>", credential base64(HMAC-SHA1(secret, username)).
#pragma once

#include <boost/json/array.hpp>
#include <cstdint>
#include <string>
#include <string_view>

#include "domain/config.hpp"

namespace parley::api {

/// base64(HMAC-SHA1(secret, username)).
std::string turn_credential(std::string_view secret, std::string_view username);

/// RTCConfiguration.iceServers: one entry for the STUN URLs (no credentials) and, with a
/// secret, one for the TURN URLs with credentials valid until now + ttl.
boost::json::array ice_servers(const domain::turn_config& turn, std::string_view user_id,
                               std::int64_t now_unix_seconds);

}  // namespace parley::api
