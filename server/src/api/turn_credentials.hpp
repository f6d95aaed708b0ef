// TURN REST credentials (draft-uberti-behave-turn-rest-00, as coturn's use-auth-secret
// expects): username "<unix expiry>:<userId>", credential base64(HMAC-SHA1(secret, username)).
#pragma once

#include <boost/json/array.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "domain/config.hpp"

namespace parley::api {

/// base64(HMAC-SHA1(secret, username)).
std::string turn_credential(std::string_view secret, std::string_view username);

/// RTCConfiguration.iceServers: one entry for the STUN URLs (no credentials) and, with a
/// secret and an `expiry` (unix seconds; domain/turn_grants.hpp decides it), one for the TURN
/// URLs with credentials valid until then.
boost::json::array ice_servers(const domain::turn_config& turn, std::string_view user_id,
                               std::optional<std::int64_t> expiry);

}  // namespace parley::api
