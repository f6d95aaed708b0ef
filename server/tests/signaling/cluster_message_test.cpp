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

// docs/cluster.md "Moderation": the moderation messages, and what a forged or broken one is.
TEST(cluster_message, moderation_messages_parse) {
  const std::string by = R"("by":{"socketId":"s1","userId":"u1","username":"Ann"})";
  auto mu = parse_cluster_message(
      cat(R"({"t":"mute","seq":7,"kind":"video",)", by, R"(,"sockets":["s2","s3"]})"));
  ASSERT_TRUE(mu);
  EXPECT_EQ(mu->type, cluster_message::kind::mute);
  EXPECT_EQ(mu->choice, "video");
  EXPECT_EQ(mu->by.username, "Ann");
  EXPECT_EQ(mu->sockets, (std::vector<std::string>{"s2", "s3"}));
  auto b =
      parse_cluster_message(cat(R"({"t":"ban","seq":8,"userId":"u2",)", by, R"(,"sockets":[]})"));
  ASSERT_TRUE(b);
  EXPECT_EQ(b->user_id, "u2");
  EXPECT_TRUE(b->sockets.empty());
  auto r = parse_cluster_message(R"({"t":"role","seq":9,"userId":"u2","role":"cohost"})");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->choice, "cohost");
  auto st = parse_cluster_message(R"({"t":"settings","seq":10,"locked":true,"lobby":false})");
  ASSERT_TRUE(st);
  EXPECT_TRUE(st->locked);
  EXPECT_FALSE(st->lobby);
  auto w = parse_cluster_message(cat(R"({"t":"wait","seq":11,"p":)", entry, "}"));
  ASSERT_TRUE(w);
  EXPECT_EQ(w->who.user_id, "u1");
  EXPECT_EQ(w->process, "p1");
  auto rs = parse_cluster_message(
      cat(R"({"t":"resolve","seq":12,"outcome":"denied","waiting":[)", entry, "]}"));
  ASSERT_TRUE(rs);
  EXPECT_EQ(rs->choice, "denied");
  ASSERT_EQ(rs->waiting.size(), 1u);
  EXPECT_EQ(rs->waiting[0].who.socket_id, "s1");
  auto a = parse_cluster_message(cat(R"({"t":"ask","m":"m1","to":"s2","kind":"audio",)", by, "}"));
  ASSERT_TRUE(a);
  EXPECT_FALSE(a->meeting_scoped());
  EXPECT_TRUE(mu->meeting_scoped());
}

TEST(cluster_message, malformed_moderation_messages_are_refused) {
  const char* bad[] = {
      R"({"t":"mute","seq":1,"kind":"screen","by":{"socketId":"s","userId":"u","username":"n"},"sockets":["s"]})",
      R"({"t":"mute","seq":1,"kind":"audio","by":{"socketId":"s","userId":"u","username":"n"},"sockets":[]})",
      R"({"t":"mute","seq":1,"kind":"audio","by":{"socketId":"s","userId":"u"},"sockets":["s"]})",
      R"({"t":"mute","seq":1,"kind":"audio","by":{"socketId":"s","userId":"u","username":"n"},"sockets":[1]})",
      R"({"t":"mute","kind":"audio","by":{"socketId":"s","userId":"u","username":"n"},"sockets":["s"]})",
      R"({"t":"ban","seq":2,"userId":"","by":{"socketId":"s","userId":"u","username":"n"},"sockets":[]})",
      R"({"t":"ban","seq":2,"userId":"u","sockets":[]})",
      R"({"t":"role","seq":3,"userId":"u","role":"host"})",
      R"({"t":"role","seq":3,"role":"cohost"})",
      R"({"t":"settings","seq":4,"locked":"yes","lobby":false})",
      R"({"t":"settings","seq":4,"locked":true})",
      R"({"t":"wait","seq":5,"p":{"socketId":"s"}})",
      R"({"t":"resolve","seq":6,"outcome":"admitted","waiting":[]})",
      R"({"t":"resolve","seq":6,"outcome":"maybe","waiting":[]})",
      R"({"t":"resolve","seq":6,"outcome":"left","waiting":[{"socketId":1}]})",
      R"({"t":"ask","m":"m","to":"s","kind":"audio"})",
      R"({"t":"ask","m":"m","to":"s","kind":"both","by":{"socketId":"s","userId":"u","username":"n"}})",
  };
  for (const char* b : bad) EXPECT_FALSE(parse_cluster_message(b)) << b;
  // Lists longer than any meeting are not ours.
  std::string many = R"({"t":"ban","seq":2,"userId":"u","by":{"socketId":"s","userId":"u",)"
                     R"("username":"n"},"sockets":[)";
  for (std::size_t i = 0; i <= max_listed; ++i) many += i ? ",\"s\"" : "\"s\"";
  EXPECT_FALSE(parse_cluster_message(many + "]}"));
}

TEST(cluster_message, moderation_state_round_trips_and_refuses_garbage) {
  store::moderation_record m{true, false, {"c1", "c2"}, {"b1"}};
  std::string host;
  store::moderation_record back;
  ASSERT_TRUE(parse_cluster_moderation(cluster_moderation("h1", m), host, back));
  EXPECT_EQ(host, "h1");
  EXPECT_TRUE(back.locked);
  EXPECT_FALSE(back.lobby);
  EXPECT_EQ(back.cohosts, m.cohosts);
  EXPECT_EQ(back.banned, m.banned);
  for (const char* bad : {"", "[]", R"({"host":"h"})",
                          R"({"host":"h","locked":1,"lobby":false,"cohosts":[],"bans":[]})",
                          R"({"host":"h","locked":true,"lobby":false,"cohosts":{},"bans":[]})"}) {
    store::moderation_record x;
    EXPECT_FALSE(parse_cluster_moderation(bad, host, x)) << bad;
  }
  std::vector<cluster_entry_of> lobby;
  EXPECT_TRUE(parse_cluster_lobby(cat("[", entry, "]"), lobby));
  ASSERT_EQ(lobby.size(), 1u);
  EXPECT_EQ(lobby[0].who.username, "Ann");
  lobby.clear();
  EXPECT_FALSE(parse_cluster_lobby(R"([{"socketId":"s"}])", lobby));
  EXPECT_FALSE(parse_cluster_lobby("{}", lobby));
}

}  // namespace
}  // namespace parley::signaling
