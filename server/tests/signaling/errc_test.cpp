#include "signaling/errc.hpp"

#include <gtest/gtest.h>

#include <boost/json/serialize.hpp>
#include <set>
#include <string>

namespace parley::signaling {
namespace {

TEST(errc, every_code_has_its_contract_spelling_and_a_sentence) {
  const std::set<std::string> contract = {
      "unauthorized",   "not_found",       "meeting_ended",   "wrong_password",  "not_host",
      "not_in_room",    "invalid_target",  "already_in_room", "invalid_payload", "rate_limited",
      "internal_error", "meeting_locked",  "banned",          "denied",          "meeting_full",
      "wrong_topology", "sfu_unavailable", "unavailable"};
  std::set<std::string> ours;
  for (int i = 0; i <= static_cast<int>(errc::unavailable); ++i) {
    ours.emplace(code_name(static_cast<errc>(i)));
    EXPECT_FALSE(default_message(static_cast<errc>(i)).empty());
  }
  EXPECT_EQ(ours, contract);
}

struct mapping {
  domain::errc domain;
  errc wire;
};

class domain_mapping : public testing::TestWithParam<mapping> {};

TEST_P(domain_mapping, maps_to_the_signaling_code) {
  EXPECT_EQ(from_domain(GetParam().domain), GetParam().wire);
}

INSTANTIATE_TEST_SUITE_P(
    cases, domain_mapping,
    testing::Values(mapping{domain::errc::unauthorized, errc::unauthorized},
                    mapping{domain::errc::not_found, errc::not_found},
                    mapping{domain::errc::meeting_ended, errc::meeting_ended},
                    mapping{domain::errc::wrong_password, errc::wrong_password},
                    mapping{domain::errc::not_host, errc::not_host},
                    mapping{domain::errc::forbidden, errc::not_in_room},
                    mapping{domain::errc::invalid_field, errc::invalid_payload},
                    mapping{domain::errc::unavailable, errc::internal_error}));

TEST(errc, error_body_is_the_contract_shape) {
  EXPECT_EQ(
      boost::json::serialize(error_body(errc::not_in_room)),
      R"({"error":{"code":"not_in_room","message":"The sender or the target is not in the room."}})");
}

}  // namespace
}  // namespace parley::signaling
