#include "api/turn_credentials.hpp"

#include <gtest/gtest.h>

namespace parley::api {
namespace {

TEST(turn_credentials, hmac_sha1_base64_matches_a_known_vector) {
  // RFC 2202 test case 2: HMAC-SHA1("Jefe", "what do ya want for nothing?")
  // = effcdf6ae5eb2fa2d27416d5f184df9c259a7c79.
  EXPECT_EQ(turn_credential("Jefe", "what do ya want for nothing?"),
            "7/zfauXrL6LSdBbV8YTfnCWafHk=");
}

TEST(turn_credentials, stun_only_without_a_secret) {
  domain::turn_config turn{
      .secret = "", .turn_urls = {"turn:h:3478"}, .stun_urls = {"stun:h:3478"}};
  auto servers = ice_servers(turn, "u1", 1000);  // an expiry, but no secret
  ASSERT_EQ(servers.size(), 1u);
  EXPECT_EQ(servers[0].at("urls").as_array().size(), 1u);
}

TEST(turn_credentials, username_is_expiry_colon_user) {
  domain::turn_config turn{.secret = "k",
                           .turn_urls = {"turn:h:3478", "turns:h:5349"},
                           .stun_urls = {},
                           .ttl = std::chrono::seconds{86400}};
  auto servers = ice_servers(turn, "uabc", 1'086'400);
  ASSERT_EQ(servers.size(), 1u);
  EXPECT_EQ(servers[0].at("username"), "1086400:uabc");
  EXPECT_EQ(std::string(servers[0].at("credential").as_string()),
            turn_credential("k", "1086400:uabc"));
  EXPECT_EQ(servers[0].at("urls").as_array().size(), 2u);
}

TEST(turn_credentials, no_turn_entry_without_an_expiry) {
  domain::turn_config turn{.secret = "k", .turn_urls = {"turn:h:3478"}, .stun_urls = {"stun:h"}};
  auto servers = ice_servers(turn, "u1", std::nullopt);  // the user's grants are used up
  ASSERT_EQ(servers.size(), 1u);
  EXPECT_FALSE(servers[0].as_object().contains("username"));
}

}  // namespace
}  // namespace parley::api
