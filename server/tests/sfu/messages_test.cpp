// The Janus messages Parley builds and the replies it reads (server/src/sfu/messages.hpp),
// checked against the shapes of Janus 1.1's core API and VideoRoom plugin.
#include "sfu/messages.hpp"

#include <gtest/gtest.h>

#include <set>

#include "sfu/janus_client.hpp"

namespace parley::sfu {
namespace {

TEST(messages, random_ids_fit_a_javascript_number_and_differ) {
  std::set<std::uint64_t> seen;
  for (int i = 0; i < 1000; ++i) {
    const auto id = random_id();
    EXPECT_GT(id, 0u);
    EXPECT_LT(id, std::uint64_t{1} << 53);
    seen.insert(id);
  }
  EXPECT_EQ(seen.size(), 1000u);
  EXPECT_EQ(random_hex(16).size(), 32u);
  EXPECT_NE(random_hex(16), random_hex(16));
}

TEST(messages, core_requests_have_janus_shapes) {
  EXPECT_EQ(json::value(create_session()), json::parse(R"({"janus":"create"})"));
  EXPECT_EQ(json::value(attach_videoroom()),
            json::parse(R"({"janus":"attach","plugin":"janus.plugin.videoroom"})"));
  EXPECT_EQ(json::value(detach(7)), json::parse(R"({"janus":"detach","handle_id":7})"));
  auto m = message(9, start(), jsep("answer", "v=0"));
  EXPECT_EQ(json::value(m), json::parse(R"({"janus":"message","handle_id":9,
      "body":{"request":"start"},"jsep":{"type":"answer","sdp":"v=0"}})"));
  EXPECT_FALSE(message(9, start()).contains("jsep"));
  EXPECT_EQ(json::value(trickle(3, nullptr)),
            json::parse(R"({"janus":"trickle","handle_id":3,"candidate":{"completed":true}})"));
  json::value c =
      json::parse(R"({"candidate":"candidate:1 1 udp 1 10.0.0.1 5 typ host","sdpMid":"0"})");
  EXPECT_EQ(trickle(3, c).at("candidate"), c);
  // Several in one (Janus's `candidates`); one alone goes as `candidate`.
  EXPECT_EQ(json::value(trickle(3, std::vector<json::value>{c, nullptr})),
            json::value({{"janus", "trickle"},
                         {"handle_id", 3},
                         {"candidates", json::array{c, json::object{{"completed", true}}}}}));
  EXPECT_EQ(trickle(3, std::vector<json::value>{c}).at("candidate"), c);
}

TEST(messages, videoroom_bodies) {
  auto create = room_create(42, "sec", "key");
  EXPECT_EQ(create.at("request"), "create");
  EXPECT_EQ(create.at("room"), 42);
  EXPECT_EQ(create.at("secret"), "sec");
  EXPECT_EQ(create.at("admin_key"), "key");
  EXPECT_EQ(create.at("is_private"), true);
  EXPECT_EQ(create.at("publishers"), 100);
  EXPECT_EQ(create.at("videocodec"), "vp8");
  EXPECT_EQ(create.at("audiocodec"), "opus");
  EXPECT_EQ(json::value(room_destroy(42, "sec")),
            json::parse(R"({"request":"destroy","room":42,"secret":"sec"})"));
  auto pub = publish(42, 5, "u1");
  EXPECT_EQ(pub.at("request"), "joinandconfigure");
  EXPECT_EQ(pub.at("ptype"), "publisher");
  EXPECT_EQ(pub.at("id"), 5);
  EXPECT_EQ(
      json::value(subscribe(42, 5)),
      json::parse(R"({"request":"join","room":42,"ptype":"subscriber","streams":[{"feed":5}]})"));
  EXPECT_EQ(json::value(subscribe(42, 5, 1)),
            json::parse(R"({"request":"join","room":42,"ptype":"subscriber",)"
                        R"("streams":[{"feed":5,"substream":1}]})"));
  EXPECT_EQ(json::value(substream("1", 2)),
            json::parse(R"({"request":"configure","streams":[{"mid":"1","substream":2}]})"));
}

TEST(messages, parses_answers_and_events) {
  auto ok = parse(R"({"janus":"success","transaction":"t1","data":{"id":1113772408547475}})");
  EXPECT_EQ(ok.kind, kind::success);
  EXPECT_EQ(ok.transaction, "t1");
  EXPECT_EQ(new_id(ok), 1113772408547475u);

  auto joined = parse(R"({"janus":"event","session_id":1,"transaction":"t4","sender":65,
      "plugindata":{"plugin":"janus.plugin.videoroom","data":{"videoroom":"attached",
      "streams":[{"type":"audio","mid":"0"},{"type":"video","mid":"1"}]}},
      "jsep":{"type":"offer","sdp":"v=0"}})");
  EXPECT_EQ(joined.kind, kind::event);
  EXPECT_EQ(joined.sender, 65u);
  EXPECT_EQ(joined.jsep.at("type"), "offer");
  EXPECT_TRUE(joined.error.empty());
  EXPECT_EQ(video_mid(joined.data), "1");

  auto refused = parse(R"j({"janus":"event","transaction":"t6","sender":2,"plugindata":{"plugin":
      "janus.plugin.videoroom","data":{"videoroom":"event","error_code":428,"error":"No such feed (42)"}}})j");
  EXPECT_EQ(refused.error, "No such feed (42)");

  auto core = parse(
      R"({"janus":"error","transaction":"t","error":{"code":403,"reason":"Unauthorized request"}})");
  EXPECT_EQ(core.kind, kind::error);
  EXPECT_EQ(core.error, "Unauthorized request");

  auto cand = parse(R"({"janus":"trickle","sender":3,"candidate":{"sdpMid":"0","candidate":"c"}})");
  EXPECT_EQ(cand.kind, kind::trickle);
  EXPECT_EQ(cand.candidate.at("candidate"), "c");
  auto done = parse(R"({"janus":"trickle","sender":3,"candidate":{"completed":true}})");
  EXPECT_TRUE(done.candidate.is_null());

  EXPECT_EQ(parse(R"({"janus":"webrtcup","sender":3})").kind, kind::webrtcup);
  EXPECT_EQ(parse(R"({"janus":"hangup","sender":3,"reason":"DTLS alert"})").kind, kind::hangup);
  EXPECT_EQ(parse(R"({"janus":"detached","sender":3})").kind, kind::detached);
  EXPECT_EQ(parse(R"({"janus":"media","sender":3})").kind, kind::other);
  EXPECT_EQ(parse("not json").kind, kind::malformed);
  EXPECT_EQ(parse("[1]").kind, kind::malformed);
  EXPECT_EQ(parse(R"({"x":1})").kind, kind::malformed);
}

TEST(janus_url, only_ws_with_a_port) {
  ws_url u;
  ASSERT_TRUE(parse_ws_url("ws://127.0.0.1:8188", u));
  EXPECT_EQ(u.host, "127.0.0.1");
  EXPECT_EQ(u.port, "8188");
  EXPECT_EQ(u.path, "/");
  ASSERT_TRUE(parse_ws_url("ws://[::1]:8188/janus", u));
  EXPECT_EQ(u.host, "::1");
  EXPECT_EQ(u.path, "/janus");
  EXPECT_FALSE(parse_ws_url("wss://127.0.0.1:8188", u));
  EXPECT_FALSE(parse_ws_url("ws://127.0.0.1", u));
  EXPECT_FALSE(parse_ws_url("ws://127.0.0.1:x", u));
}

}  // namespace
}  // namespace parley::sfu
