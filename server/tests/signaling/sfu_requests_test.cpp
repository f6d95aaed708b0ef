// The SFU events' payload rules (docs/signaling.md "Large meetings: the SFU") and the room's
// SFU bookkeeping (sfu_state.hpp).
#include "signaling/sfu_requests.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "signaling/sfu_state.hpp"

namespace parley::signaling {
namespace {

namespace json = boost::json;

socketio::payload args(std::string_view text) {
  json::array a;
  a.push_back(json::parse(text));
  return socketio::payload(std::move(a));
}

std::optional<sfu_request> parse(sfu_op op, std::string_view text) {
  return parse_sfu(args(text), op, limits{});
}

TEST(sfu_requests, publish) {
  auto ok = parse(sfu_op::publish, R"({"kind":"camera","offer":{"type":"offer","sdp":"v=0"}})");
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->kind, "camera");
  EXPECT_TRUE(ok->pc.empty());
  EXPECT_EQ(ok->jsep.at("sdp"), "v=0");
  auto again =
      parse(sfu_op::publish, R"({"kind":"screen","pc":"ab","offer":{"type":"offer","sdp":"v=0"}})");
  ASSERT_TRUE(again);
  EXPECT_EQ(again->pc, "ab");
  EXPECT_FALSE(parse(sfu_op::publish, R"({"kind":"mic","offer":{"type":"offer","sdp":"v=0"}})"));
  EXPECT_FALSE(
      parse(sfu_op::publish, R"({"kind":"camera","offer":{"type":"answer","sdp":"v=0"}})"));
  EXPECT_FALSE(parse(sfu_op::publish, R"({"kind":"camera","offer":"v=0"})"));
  EXPECT_FALSE(parse(sfu_op::publish, R"({"kind":"camera"})"));
  EXPECT_FALSE(
      parse(sfu_op::publish, R"({"kind":"camera","pc":7,"offer":{"type":"offer","sdp":"v=0"}})"));
  const std::string big(64 * 1024 + 1, 'a');
  EXPECT_FALSE(
      parse(sfu_op::publish, R"({"kind":"camera","offer":{"type":"offer","sdp":")" + big + "\"}}"));
}

TEST(sfu_requests, the_others) {
  EXPECT_EQ(parse(sfu_op::subscribe, R"({"feed":"123"})")->feed, "123");
  EXPECT_FALSE(parse(sfu_op::subscribe, R"({"feed":123})"));
  EXPECT_FALSE(parse(sfu_op::subscribe, R"({"feed":""})"));
  // The first simulcast layer, when given, is 0..2; without it Janus keeps its default (-1).
  EXPECT_EQ(parse(sfu_op::subscribe, R"({"feed":"1"})")->substream, -1);
  EXPECT_EQ(parse(sfu_op::subscribe, R"({"feed":"1","substream":0})")->substream, 0);
  EXPECT_FALSE(parse(sfu_op::subscribe, R"({"feed":"1","substream":3})"));
  EXPECT_FALSE(parse(sfu_op::subscribe, R"({"feed":"1","substream":null})"));
  EXPECT_FALSE(parse(sfu_op::unpublish, R"({"pc":")" + std::string(65, 'x') + "\"}"));
  EXPECT_TRUE(parse(sfu_op::answer, R"({"pc":"a","answer":{"type":"answer","sdp":"v=0"}})"));
  EXPECT_FALSE(parse(sfu_op::answer, R"({"pc":"a","answer":{"type":"offer","sdp":"v=0"}})"));
  EXPECT_EQ(parse(sfu_op::layer, R"({"pc":"a","substream":2})")->substream, 2);
  EXPECT_FALSE(parse(sfu_op::layer, R"({"pc":"a","substream":3})"));
  EXPECT_FALSE(parse(sfu_op::layer, R"({"pc":"a","substream":"1"})"));
}

/// The one candidate of an `sfu-candidate`, as parsed.
json::value one(const std::optional<sfu_request>& r) {
  return r && r->candidates.size() == 1 ? r->candidates.front() : json::value("(not one)");
}

TEST(sfu_requests, candidates_as_in_ice_candidate) {
  EXPECT_TRUE(one(parse(sfu_op::candidate, R"({"pc":"a","candidate":null})")).is_null());
  EXPECT_TRUE(one(parse(sfu_op::candidate, R"({"pc":"a","candidate":""})")).is_null());
  EXPECT_TRUE(one(parse(sfu_op::candidate, R"({"pc":"a"})")).is_null());
  EXPECT_EQ(
      one(parse(sfu_op::candidate, R"({"pc":"a","candidate":"candidate:1"})")).at("candidate"),
      "candidate:1");
  auto o = one(parse(
      sfu_op::candidate,
      R"({"pc":"a","candidate":{"candidate":"candidate:1","sdpMid":"0","sdpMLineIndex":0,"usernameFragment":"u"}})"));
  EXPECT_EQ(o.at("sdpMid"), "0");
  EXPECT_FALSE(o.as_object().contains("usernameFragment"));
  EXPECT_FALSE(
      parse(sfu_op::candidate, R"({"pc":"a","candidate":")" + std::string(2049, 'c') + "\"}"));
  EXPECT_FALSE(parse(sfu_op::candidate, R"({"pc":"a","candidate":{"candidate":"c","x":")" +
                                            std::string(2000, 'c') + "\"}}"));
  EXPECT_FALSE(parse(sfu_op::candidate, R"({"pc":"a","candidate":5})"));
}

TEST(sfu_requests, candidates_in_one_event) {
  auto r = parse(
      sfu_op::candidate,
      R"({"pc":"a","candidates":["candidate:1",{"candidate":"candidate:2","sdpMid":"0"},null]})");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->candidates.size(), 3U);
  EXPECT_EQ(r->candidates[0].at("candidate"), "candidate:1");
  EXPECT_EQ(r->candidates[1].at("sdpMid"), "0");
  EXPECT_TRUE(r->candidates[2].is_null());
  // Each as a single one would be; 1 to max_sfu_candidates; never beside `candidate`.
  EXPECT_FALSE(parse(sfu_op::candidate, R"({"pc":"a","candidates":["candidate:1",5]})"));
  EXPECT_FALSE(parse(sfu_op::candidate, R"({"pc":"a","candidates":[]})"));
  EXPECT_FALSE(parse(sfu_op::candidate, R"({"pc":"a","candidates":"candidate:1"})"));
  EXPECT_FALSE(
      parse(sfu_op::candidate, R"({"pc":"a","candidates":[null],"candidate":"candidate:1"})"));
  json::array many(max_sfu_candidates, json::value("candidate:1"));
  json::object body{{"pc", "a"}, {"candidates", many}};
  EXPECT_EQ(parse(sfu_op::candidate, json::serialize(body))->candidates.size(), max_sfu_candidates);
  body["candidates"].as_array().push_back("candidate:1");
  EXPECT_FALSE(parse(sfu_op::candidate, json::serialize(body)));
}

TEST(sfu_state, sizes_ownership_and_feeds) {
  EXPECT_FALSE(sfu_sized(4, 4));
  EXPECT_TRUE(sfu_sized(5, 4));
  EXPECT_TRUE(sfu_sized(1, 0));
  EXPECT_TRUE(mesh_sized(3, 4));
  EXPECT_FALSE(mesh_sized(4, 4));
  EXPECT_FALSE(mesh_sized(0, 0));  // threshold 0: always SFU

  sfu_state s;
  const auto now = sfu_state::clock::now();
  EXPECT_FALSE(s.allowed(now, std::chrono::seconds(30)));
  s.left_sfu = now - std::chrono::seconds(10);
  EXPECT_TRUE(s.allowed(now, std::chrono::seconds(30)));
  EXPECT_FALSE(s.allowed(now, std::chrono::seconds(5)));
  s.mode = topology::sfu;
  EXPECT_TRUE(s.allowed(now, std::chrono::seconds(5)));

  sfu_pc p;
  p.id = "p1";
  p.owner = "s1";
  p.publisher = true;
  s.pcs[p.id] = p;
  sfu_feed f;
  f.feed = "9";
  f.socket_id = "s1";
  f.user_id = "u1";
  f.kind = "camera";
  f.pc = "p1";
  s.feeds.push_back(f);
  EXPECT_TRUE(s.own("p1", "s1", true));
  EXPECT_FALSE(s.own("p1", "s2", true));   // another socket's
  EXPECT_FALSE(s.own("p1", "s1", false));  // not a subscriber
  EXPECT_EQ(s.count("s1", true), 1u);
  EXPECT_FALSE(s.live_feed("9"));  // Janus does not have its media yet
  EXPECT_TRUE(s.live_feeds().empty());
  s.feed_of("p1")->live = true;
  ASSERT_TRUE(s.live_feed("9"));
  EXPECT_EQ(json::value(s.live_feeds()),
            json::parse(R"([{"feed":"9","socketId":"s1","userId":"u1","kind":"camera"}])"));
  EXPECT_EQ(s.take_feed("p1")->feed, "9");
  EXPECT_TRUE(s.feeds.empty());
  EXPECT_EQ(s.pcs_of("s1"), std::vector<std::string>{"p1"});
}

TEST(sfu_state, watched_layer_is_the_top_any_subscriber_asked_for) {
  sfu_state s;
  sfu_pc pub;
  pub.id = "p1";
  pub.owner = "s1";
  pub.publisher = true;
  pub.feed = "9";
  s.pcs[pub.id] = pub;
  sfu_feed f;
  f.feed = "9";
  f.pc = "p1";
  f.kind = "camera";
  s.feeds.push_back(f);
  EXPECT_EQ(s.watched_layer(f), -1);  // nobody subscribes

  auto subscribe = [&](std::string id, std::string feed, int substream) {
    sfu_pc pc;
    pc.id = std::move(id);
    pc.owner = "s2";
    pc.feed = std::move(feed);
    pc.substream = substream;
    s.pcs[pc.id] = pc;
  };
  subscribe("a", "9", 1);
  subscribe("other", "8", 2);  // another feed's subscriber does not count
  EXPECT_EQ(s.watched_layer(f), 1);
  subscribe("b", "9", 0);
  EXPECT_EQ(s.watched_layer(f), 1);
  s.pcs["b"].substream = 2;
  EXPECT_EQ(s.watched_layer(f), 2);
  s.pcs["b"].substream = -1;  // named no layer: Janus sends it the top one
  EXPECT_EQ(s.watched_layer(f), 2);
  s.pcs.erase("b");
  EXPECT_EQ(s.watched_layer(f), 1);
  s.pcs["p1"].recording = "r1";  // a recording takes the best layer Janus gets
  EXPECT_EQ(s.watched_layer(f), 2);
  s.pcs["p1"].recording.clear();
  s.pcs.erase("a");
  EXPECT_EQ(s.watched_layer(f), -1);
}

}  // namespace
}  // namespace parley::signaling
