// room_state's moderation half as a table: each case loads a meeting hosted by "uh", admits
// members, applies steps, and checks the answers (docs/signaling.md "Moderation").
#include <gtest/gtest.h>

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "signaling/room_state.hpp"

namespace parley::signaling {
namespace {

member m(std::string socket, std::string user) {
  return {participant{std::move(socket), std::move(user), "name"}, nullptr, {}};
}

/// host "h" (user uh), cohost "c" (uc, persisted), participants "p" (up) and "q" (uq).
room_state four(store::moderation_record mod = {}) {
  mod.cohosts.push_back("uc");
  room_state r;
  r.load("uh", mod);
  const std::pair<const char*, const char*> people[] = {
      {"h", "uh"}, {"c", "uc"}, {"p", "up"}, {"q", "uq"}};
  for (auto [s, u] : people) EXPECT_EQ(r.admit(m(s, u)), std::nullopt);
  return r;
}

struct may_case {
  const char* name;
  std::string sender, target;
  std::optional<errc> expected;
};

class may_moderate_table : public testing::TestWithParam<may_case> {};

TEST_P(may_moderate_table, answers) {
  room_state r = four();
  EXPECT_EQ(r.may_moderate(GetParam().sender, GetParam().target), GetParam().expected)
      << GetParam().name;
}

INSTANTIATE_TEST_SUITE_P(
    cases, may_moderate_table,
    testing::Values(may_case{"host on a participant", "h", "p", std::nullopt},
                    may_case{"cohost on a participant", "c", "p", std::nullopt},
                    may_case{"host on the cohost", "h", "c", std::nullopt},
                    may_case{"host room-wide", "h", "", std::nullopt},
                    may_case{"cohost room-wide", "c", "", std::nullopt},
                    may_case{"participant room-wide", "p", "", errc::not_host},
                    may_case{"participant on another", "p", "q", errc::not_host},
                    may_case{"participant on the host", "p", "h", errc::not_host},
                    may_case{"cohost on the host", "c", "h", errc::not_host},
                    may_case{"host on itself", "h", "h", errc::invalid_target},
                    may_case{"a target not in the room", "h", "zz", errc::not_in_room},
                    may_case{"a sender not in the room", "zz", "p", errc::not_in_room}));

struct gate_case {
  const char* name;
  bool locked, lobby;
  std::vector<std::string> banned;
  std::string user;
  std::optional<errc> refused;
  bool wait;
};

class gate_table : public testing::TestWithParam<gate_case> {};

TEST_P(gate_table, answers) {
  const auto& g = GetParam();
  room_state r = four({g.locked, g.lobby, {}, g.banned});
  auto out = r.gate(g.user);
  EXPECT_EQ(out.refused, g.refused) << g.name;
  EXPECT_EQ(out.wait, g.wait) << g.name;
}

INSTANTIATE_TEST_SUITE_P(
    cases, gate_table,
    testing::Values(
        gate_case{"open meeting", false, false, {}, "ux", std::nullopt, false},
        gate_case{"locked: a newcomer", true, false, {}, "ux", errc::meeting_locked, false},
        gate_case{"locked: the host returns", true, false, {}, "uh", std::nullopt, false},
        gate_case{"locked: a cohost returns", true, false, {}, "uc", std::nullopt, false},
        gate_case{"lobby: a newcomer waits", false, true, {}, "ux", std::nullopt, true},
        gate_case{"lobby: the host does not", false, true, {}, "uh", std::nullopt, false},
        gate_case{"lobby: a cohost does not", false, true, {}, "uc", std::nullopt, false},
        gate_case{"banned beats everything", true, true, {"ux"}, "ux", errc::banned, false},
        gate_case{"banned in an open meeting", false, false, {"ux"}, "ux", errc::banned, false}));

TEST(room_state_moderation, roles_belong_to_users_and_survive_the_host_leaving) {
  room_state r = four();
  EXPECT_EQ(r.role_of("uh"), role::host);
  EXPECT_EQ(r.role_of("uc"), role::cohost);
  EXPECT_EQ(r.role_of("up"), role::participant);
  ASSERT_TRUE(r.remove("h"));
  EXPECT_EQ(r.may_moderate("c", "p"), std::nullopt);  // the cohost keeps its powers
  EXPECT_EQ(r.admit(m("h2", "uh")), std::nullopt);
  EXPECT_EQ(r.role_of("uh"), role::host);  // and the host gets its own back
  EXPECT_EQ(r.may_moderate("h2", "c"), std::nullopt);
}

TEST(room_state_moderation, set_cohost_updates_every_socket_of_the_user_and_never_the_host) {
  room_state r = four();
  ASSERT_EQ(r.admit(m("p2", "up")), std::nullopt);  // a second tab
  EXPECT_EQ(r.set_cohost("up", true), std::nullopt);
  EXPECT_EQ(r.find("p")->info.role, "cohost");
  EXPECT_EQ(r.find("p2")->info.role, "cohost");
  EXPECT_EQ(r.may_moderate("p2", "q"), std::nullopt);
  EXPECT_EQ(r.set_cohost("up", false), std::nullopt);
  EXPECT_EQ(r.find("p")->info.role, "participant");
  EXPECT_EQ(r.may_moderate("p", "q"), errc::not_host);
  EXPECT_EQ(r.set_cohost("uh", false), errc::invalid_target);
  EXPECT_EQ(r.role_of("uh"), role::host);
}

TEST(room_state_moderation, ban_evicts_every_socket_of_the_user_and_drops_its_role) {
  room_state r = four();
  ASSERT_EQ(r.admit(m("c2", "uc")), std::nullopt);
  auto gone = r.ban("uc");
  ASSERT_EQ(gone.size(), 2u);
  EXPECT_EQ(gone[0].info.socket_id, "c");
  EXPECT_EQ(gone[1].info.socket_id, "c2");
  EXPECT_EQ(r.size(), 3u);
  EXPECT_EQ(r.role_of("uc"), role::participant);
  EXPECT_TRUE(r.banned("uc"));
  EXPECT_EQ(r.gate("uc").refused, errc::banned);
  EXPECT_TRUE(r.ban("uc").empty());  // again: nothing left to evict
}

TEST(room_state_moderation, the_lobby_hands_each_entry_out_exactly_once) {
  room_state r = four({false, true, {}, {}});
  EXPECT_TRUE(r.wait({m("w1", "uw"), {}}));
  EXPECT_FALSE(r.wait({m("w2", "uw"), {}}));  // same user, second tab: hosts told once
  EXPECT_TRUE(r.wait({m("v1", "uv"), {}}));
  EXPECT_TRUE(r.is_waiting("uw"));
  auto first = r.take_waiting("uw");   // admit
  auto second = r.take_waiting("uw");  // a racing deny
  EXPECT_EQ(first.size(), 2u);
  EXPECT_TRUE(second.empty());
  EXPECT_FALSE(r.is_waiting("uw"));
  EXPECT_TRUE(r.drop_waiting("v1"));  // closed its tab
  EXPECT_FALSE(r.drop_waiting("v1"));
  EXPECT_FALSE(r.is_waiting("uv"));
  EXPECT_TRUE(r.take_all_waiting().empty());
}

TEST(room_state_moderation, the_first_load_wins) {
  room_state r;
  EXPECT_FALSE(r.loaded());
  r.load("uh", {true, false, {}, {}});
  r.load("other", {false, true, {}, {}});
  EXPECT_TRUE(r.locked());
  EXPECT_FALSE(r.lobby_enabled());
  EXPECT_EQ(r.role_of("uh"), role::host);
  EXPECT_EQ(r.role_of("other"), role::participant);
}

}  // namespace
}  // namespace parley::signaling
