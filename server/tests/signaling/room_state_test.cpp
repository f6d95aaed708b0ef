#include "signaling/room_state.hpp"

#include <gtest/gtest.h>

#include <boost/json/serialize.hpp>
#include <optional>
#include <string>
#include <vector>

namespace parley::signaling {
namespace {

member m(std::string socket, std::string user = "u1") {
  return {participant{std::move(socket), std::move(user), "name"}, nullptr, {}};
}

std::vector<std::string> ids(const room_state& r) {
  std::vector<std::string> out;
  for (const auto& x : r.members()) out.push_back(x.info.socket_id);
  return out;
}

// One transition of the state machine and what it must produce.
struct op {
  enum kind { admit, remove, end } what;
  std::string socket;
  std::optional<errc> refused = std::nullopt;  ///< admit: the refusal, if any
  bool removed = false;                        ///< remove: whether a member came out
  std::vector<std::string> after;              ///< members afterwards, in join order
};

struct machine_case {
  const char* name;
  std::vector<op> ops;
};

class room_state_table : public testing::TestWithParam<machine_case> {};

TEST_P(room_state_table, transitions) {
  room_state r;
  int i = 0;
  for (const auto& o : GetParam().ops) {
    SCOPED_TRACE(std::string(GetParam().name) + " step " + std::to_string(i++));
    switch (o.what) {
      case op::admit:
        EXPECT_EQ(r.admit(m(o.socket)), o.refused);
        break;
      case op::remove:
        EXPECT_EQ(r.remove(o.socket).has_value(), o.removed);
        break;
      case op::end:
        r.end();
        break;
    }
    EXPECT_EQ(ids(r), o.after);
  }
}

INSTANTIATE_TEST_SUITE_P(
    cases, room_state_table,
    testing::Values(machine_case{"join order is kept",
                                 {{op::admit, "a", {}, false, {"a"}},
                                  {op::admit, "b", {}, false, {"a", "b"}},
                                  {op::admit, "c", {}, false, {"a", "b", "c"}}}},
                    machine_case{"a socket is a member once",
                                 {{op::admit, "a", {}, false, {"a"}},
                                  {op::admit, "a", errc::already_in_room, false, {"a"}}}},
                    machine_case{"remove from the middle keeps the rest in order",
                                 {{op::admit, "a", {}, false, {"a"}},
                                  {op::admit, "b", {}, false, {"a", "b"}},
                                  {op::admit, "c", {}, false, {"a", "b", "c"}},
                                  {op::remove, "b", {}, true, {"a", "c"}}}},
                    machine_case{"removing twice removes once (user-left exactly once)",
                                 {{op::admit, "a", {}, false, {"a"}},
                                  {op::remove, "a", {}, true, {}},
                                  {op::remove, "a", {}, false, {}}}},
                    machine_case{
                        "removing a stranger changes nothing",
                        {{op::admit, "a", {}, false, {"a"}}, {op::remove, "z", {}, false, {"a"}}}},
                    machine_case{"rejoin goes to the end",
                                 {{op::admit, "a", {}, false, {"a"}},
                                  {op::admit, "b", {}, false, {"a", "b"}},
                                  {op::remove, "a", {}, true, {"b"}},
                                  {op::admit, "a", {}, false, {"b", "a"}}}},
                    machine_case{"end empties the room and closes it for good",
                                 {{op::admit, "a", {}, false, {"a"}},
                                  {op::admit, "b", {}, false, {"a", "b"}},
                                  {op::end, "", {}, false, {}},
                                  {op::admit, "c", errc::meeting_ended, false, {}},
                                  {op::remove, "a", {}, false, {}},
                                  {op::end, "", {}, false, {}}}}),
    [](const auto& info) { return "case" + std::to_string(info.index); });

TEST(room_state, end_returns_the_members_in_join_order) {
  room_state r;
  ASSERT_FALSE(r.admit(m("a")));
  ASSERT_FALSE(r.admit(m("b")));
  auto out = r.end();
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0].info.socket_id, "a");
  EXPECT_EQ(out[1].info.socket_id, "b");
  EXPECT_TRUE(r.ended());
  EXPECT_TRUE(r.end().empty());
}

TEST(room_state, participants_are_the_contract_objects_in_join_order) {
  room_state r;
  ASSERT_FALSE(r.admit(m("s1", "alice")));
  member b = m("s2", "bob");
  b.info.audio = false;
  ASSERT_FALSE(r.admit(b));
  r.find("s1")->info.raised = true;
  EXPECT_EQ(
      boost::json::serialize(r.participants()),
      R"([{"socketId":"s1","userId":"alice","username":"name","audio":true,"video":true,"screen":false,"raised":true,"role":"participant"},)"
      R"({"socketId":"s2","userId":"bob","username":"name","audio":false,"video":true,"screen":false,"raised":false,"role":"participant"}])");
  EXPECT_EQ(r.participants("s1").size(), 1u);
  EXPECT_EQ(r.participants("s1")[0].as_object().at("socketId"), "s2");
}

}  // namespace
}  // namespace parley::signaling
