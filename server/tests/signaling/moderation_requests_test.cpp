// The moderation and reaction payloads as a table (docs/signaling.md "Moderation"): exactly
// the contract's shapes are accepted, with the fields the room reads.
#include "signaling/moderation_requests.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <string>

namespace parley::signaling {
namespace {

struct mod_case {
  moderation_op op;
  std::string args;  ///< the event's argument list as JSON
  bool valid;
  std::string target = {};
  std::string kind = {};
  bool on = false;
};

class moderation_table : public testing::TestWithParam<mod_case> {};

TEST_P(moderation_table, accepts_exactly_the_contract) {
  const auto& c = GetParam();
  socketio::payload p(boost::json::parse(c.args).as_array());
  auto r = parse_moderation(c.op, p, limits{});
  ASSERT_EQ(r.has_value(), c.valid) << c.args;
  if (!r) return;
  EXPECT_EQ(r->op, c.op);
  EXPECT_EQ(r->target, c.target);
  EXPECT_EQ(r->kind, c.kind);
  EXPECT_EQ(r->on, c.on);
}

using op = moderation_op;

INSTANTIATE_TEST_SUITE_P(
    cases, moderation_table,
    testing::Values(
        mod_case{op::mute, R"([{"targetSocket":"s1","kind":"audio"}])", true, "s1", "audio"},
        mod_case{op::mute, R"([{"targetSocket":"s1","kind":"video","x":1}])", true, "s1", "video"},
        mod_case{op::mute, R"([{"targetSocket":"s1","kind":"screen"}])", false},
        mod_case{op::mute, R"([{"targetSocket":"s1"}])", false},
        mod_case{op::mute, R"([{"targetSocket":"","kind":"audio"}])", false},
        mod_case{op::mute, R"([{"targetSocket":5,"kind":"audio"}])", false},
        mod_case{op::mute, R"([])", false}, mod_case{op::mute, R"(["s1"])", false},
        mod_case{op::mute_all, R"([{"kind":"audio"}])", true, "", "audio"},
        mod_case{op::mute_all, R"([{"kind":true}])", false},
        mod_case{op::ask_unmute, R"([{"targetSocket":"s1","kind":"audio"}])", true, "s1", "audio"},
        mod_case{op::remove, R"([{"targetSocket":"s2"}])", true, "s2"},
        mod_case{op::remove, R"([{"targetSocket":null}])", false},
        mod_case{op::set_role, R"([{"targetSocket":"s2","role":"cohost"}])", true, "s2", "cohost"},
        mod_case{op::set_role, R"([{"targetSocket":"s2","role":"participant"}])", true, "s2",
                 "participant"},
        mod_case{op::set_role, R"([{"targetSocket":"s2","role":"host"}])", false},
        mod_case{op::lock, R"([{"locked":true}])", true, "", "", true},
        mod_case{op::lock, R"([{"locked":false}])", true},
        mod_case{op::lock, R"([{"locked":"yes"}])", false}, mod_case{op::lock, R"([{}])", false},
        mod_case{op::set_lobby, R"([{"enabled":true}])", true, "", "", true},
        mod_case{op::set_lobby, R"([{"locked":true}])", false},
        mod_case{op::admit, R"([{"userId":"u1"}])", true, "u1"},
        mod_case{op::admit, R"([{"userId":""}])", false},
        mod_case{op::deny, R"([{"userId":"u1"}])", true, "u1"},
        mod_case{op::deny, R"([{"user":"u1"}])", false}, mod_case{op::admit_all, R"([])", true},
        mod_case{op::admit_all, R"([{}])", true}));

TEST(reaction, only_the_fixed_eight) {
  for (std::string_view e : reaction_emoji) {
    socketio::payload p(boost::json::array{boost::json::object{{"emoji", e}}});
    EXPECT_EQ(parse_reaction(p), std::string(e));
  }
  for (const char* bad : {R"([{"emoji":"x"}])", R"([{"emoji":"\ud83d\udca9"}])", R"([{}])",
                          R"([{"emoji":1}])", R"([])"}) {
    socketio::payload p(boost::json::parse(bad).as_array());
    EXPECT_FALSE(parse_reaction(p)) << bad;
  }
}

}  // namespace
}  // namespace parley::signaling
