// Messages read from Redis are validated like client input (docs/cluster.md "Messages").
#include "signaling/cluster_message.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

namespace parley::signaling {
namespace {

const char* entry = R"({"socketId":"s1","userId":"u1","username":"Ann","audio":true,"video":false,)"
                    R"("screen":false,"raised":false,"role":"host","proc":"p1"})";

/// a + b + c without operator+ (GCC 12 warns falsely on it under -O2: PR 105329).
std::string cat(std::string_view a, std::string_view b, std::string_view c) {
  std::string out;
  out.reserve(a.size() + b.size() + c.size());
  out.append(a).append(b).append(c);
  return out;
}

TEST(cluster_message, documented_messages_parse) {
  auto j = parse_cluster_message(cat(R"({"t":"join","seq":4,"p":)", entry, "}"));
  ASSERT_TRUE(j);
  EXPECT_EQ(j->type, cluster_message::kind::join);
  EXPECT_EQ(j->seq, 4);
  EXPECT_EQ(j->who.username, "Ann");
  EXPECT_FALSE(j->who.video);
  EXPECT_EQ(j->process, "p1");
  auto l = parse_cluster_message(
      R"({"t":"leave","seq":5,"socketId":"s1","userId":"u1","reason":"process_lost"})");
  ASSERT_TRUE(l);
  EXPECT_EQ(l->reason, "process_lost");
  auto u = parse_cluster_message(
      R"({"t":"update","seq":6,"socketId":"s1","patch":{"raised":true},"event":"raise-hand"})");
  ASSERT_TRUE(u);
  EXPECT_TRUE(u->patch.at("raised").as_bool());
  EXPECT_TRUE(parse_cluster_message(R"({"t":"end"})"));
  auto r = parse_cluster_message(
      R"({"t":"relay","m":"m1","to":"s2","event":"offer","arg":{"offer":{},"fromSocket":"s1"}})");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->socket_id, "s2");
  auto v = parse_cluster_message(R"({"t":"revoke","session":"abc"})");
  ASSERT_TRUE(v);
  EXPECT_EQ(v->session_id, "abc");
}

TEST(cluster_message, malformed_messages_are_refused) {
  const char* bad[] = {
      "",
      "not json",
      "[]",
      R"({"t":"nope"})",
      R"({"t":"join","seq":1})",
      R"({"t":"join","seq":0,"p":{}})",
      R"({"t":"join","seq":"1","p":{}})",
      R"({"t":"join","seq":1,"p":{"socketId":"s1"}})",
      R"({"t":"leave","seq":2,"socketId":5,"userId":"u","reason":"x"})",
      R"({"t":"update","seq":3,"socketId":"s","patch":{"role":"host"},"event":"raise-hand"})",
      R"({"t":"update","seq":3,"socketId":"s","patch":{"audio":1},"event":"media-state"})",
      R"({"t":"update","seq":3,"socketId":"s","patch":{"audio":true},"event":"user-left"})",
      R"({"t":"emit","event":"meeting-ended","body":{}})",
      R"({"t":"emit","event":"chat-message","body":"x"})",
      R"({"t":"relay","m":"m","to":"s","event":"chat-message","arg":{}})",
      R"({"t":"relay","m":"m","to":"s","event":"offer","arg":[]})",
      R"({"t":"revoke","session":""})",
      R"({"t":"revoke","session":7})",
  };
  for (const char* b : bad) EXPECT_FALSE(parse_cluster_message(b)) << b;
  EXPECT_FALSE(parse_cluster_message(
      R"({"t":"join","seq":1,"p":{"socketId":"s1","userId":"u1","username":"Ann","audio":true,)"
      R"("video":false,"screen":false,"raised":false,"role":"admin","proc":"p1"}})"));
  std::string long_id(300, 'x');
  EXPECT_FALSE(parse_cluster_message(
      cat(R"({"t":"leave","seq":2,"socketId":")", long_id, R"(","userId":"u","reason":"x"})")));
}

TEST(cluster_message, an_entry_round_trips) {
  participant p{"s9", "u9", "Bo", false, true, true, false, "cohost"};
  auto v = boost::json::parse(cluster_entry(p, "proc7"));
  participant q;
  std::string proc;
  ASSERT_TRUE(parse_cluster_entry(v, q, proc));
  EXPECT_EQ(q.to_json(), p.to_json());
  EXPECT_EQ(proc, "proc7");
}

}  // namespace
}  // namespace parley::signaling
