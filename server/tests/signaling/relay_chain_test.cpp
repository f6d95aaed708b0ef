// offer / answer / ice-candidate through the whole chain: Engine.IO message in, Socket.IO
// decoding, member session, relay handler, the target's Engine.IO queue out.
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <cstdlib>

#include "relay_world.hpp"

namespace parley::signaling {
namespace {

namespace json = boost::json;
using testing::relay_world;

const std::string candidate_body =
    R"({"candidate":"candidate:1 1 udp 2122260223 192.168.1.20 54321 typ host","sdpMid":"0","sdpMLineIndex":0,"usernameFragment":"Ab3d"})";

std::string candidate_to(const std::string& target) {
  return R"({"candidate":)" + candidate_body + R"(,"targetSocket":")" + target + "\"}";
}

/// The one event packet `conn` received, parsed: [name, arg].
json::array event_of(const std::vector<std::string>& sent) {
  EXPECT_EQ(sent.size(), 1u);
  if (sent.empty() || sent[0].empty() || sent[0][0] != '2') return {};
  return json::parse(sent[0].substr(1)).as_array();
}

json::value ack_of(const std::vector<std::string>& sent, int id) {
  const std::string head = "3" + std::to_string(id);
  EXPECT_EQ(sent.size(), 1u);
  if (sent.empty() || sent[0].rfind(head, 0) != 0) return {};
  return json::parse(sent[0].substr(head.size())).as_array().at(0);
}

TEST(relay_chain, candidate_reaches_the_target_with_the_server_set_sender) {
  relay_world w(2, 2);
  w.send(0, "ice-candidate", candidate_to(w.ids[1]), 7);
  auto ev = event_of(w.got(1));
  ASSERT_EQ(ev.size(), 2u);
  EXPECT_EQ(ev[0], "ice-candidate");
  const json::object& arg = ev[1].as_object();
  EXPECT_EQ(arg.size(), 3u);
  EXPECT_EQ(arg.at("candidate"), json::parse(candidate_body));
  EXPECT_EQ(arg.at("fromSocket").as_string(), w.ids[0]);
  EXPECT_EQ(arg.at("fromUserId"), "user-0");
  EXPECT_EQ(ack_of(w.got(0), 7), json::parse(R"({"ok":true})"));
}

TEST(relay_chain, offer_and_answer_carry_their_body) {
  relay_world w(2, 2);
  w.send(0, "offer",
         R"({"offer":{"type":"offer","sdp":"v=0\r\n"},"targetSocket":")" + w.ids[1] + "\"}");
  auto ev = event_of(w.got(1));
  ASSERT_EQ(ev.size(), 2u);
  EXPECT_EQ(ev[0], "offer");
  EXPECT_EQ(ev[1].at("offer"), json::parse(R"({"type":"offer","sdp":"v=0\r\n"})"));
  w.clear();
  w.send(1, "answer", R"({"answer":"v=0","targetSocket":")" + w.ids[0] + "\"}");
  ev = event_of(w.got(0));
  ASSERT_EQ(ev.size(), 2u);
  EXPECT_EQ(ev[0], "answer");
  EXPECT_EQ(ev[1].at("answer"), "v=0");
  EXPECT_EQ(ev[1].at("fromSocket").as_string(), w.ids[1]);
  EXPECT_EQ(ev[1].at("fromUserId"), "user-1");
}

TEST(relay_chain, a_client_cannot_set_the_sender_fields) {
  relay_world w(2, 2);
  w.send(0, "ice-candidate",
         R"({"fromSocket":"forged","candidate":"c","fromUserId":"forged","targetSocket":")" +
             w.ids[1] + R"(","fromSocket":"forged2"})");
  auto ev = event_of(w.got(1));
  ASSERT_EQ(ev.size(), 2u);
  const json::object& arg = ev[1].as_object();
  EXPECT_EQ(arg.size(), 3u);
  EXPECT_EQ(arg.at("fromSocket").as_string(), w.ids[0]);
  EXPECT_EQ(arg.at("fromUserId"), "user-0");
  // Inside the body they are the body's own fields, delivered as sent, never the sender.
  w.clear();
  w.send(0, "ice-candidate",
         R"({"candidate":{"candidate":"c","fromSocket":"x"},"targetSocket":")" + w.ids[1] + "\"}");
  ev = event_of(w.got(1));
  ASSERT_EQ(ev.size(), 2u);
  EXPECT_EQ(ev[1].at("fromSocket").as_string(), w.ids[0]);
  EXPECT_EQ(ev[1].at("candidate").at("fromSocket"), "x");
}

TEST(relay_chain, refusals_are_acked_and_never_delivered) {
  relay_world w(3, 2);  // socket 2 is connected but not in the room
  struct refusal {
    std::string arg;
    std::string code;
  };
  const refusal cases[] = {
      {candidate_to(w.ids[2]), "not_in_room"},
      {candidate_to("nobody-has-this-id"), "not_in_room"},
      {candidate_to(std::string(5000, 'x')), "not_in_room"},
      {candidate_to(w.ids[0]), "invalid_target"},
      {R"({"candidate":"c"})", "invalid_payload"},
      {R"({"candidate":"c","targetSocket":7})", "invalid_payload"},
      {R"({"candidate":7,"targetSocket":")" + w.ids[1] + "\"}", "invalid_payload"},
      {R"({"candidate":")" + std::string(2049, 'c') + R"(","targetSocket":")" + w.ids[1] + "\"}",
       "invalid_payload"},
      {"[1,2]", "invalid_payload"},
  };
  int id = 0;
  for (const auto& c : cases) {
    w.clear();
    w.send(0, "ice-candidate", c.arg, id);
    EXPECT_EQ(ack_of(w.got(0), id).at("error").at("code").as_string(), c.code)
        << c.arg.substr(0, 80);
    EXPECT_TRUE(w.got(1).empty());
    EXPECT_TRUE(w.got(2).empty());
    ++id;
  }
  w.clear();
  w.send(2, "ice-candidate", candidate_to(w.ids[0]), 1);
  EXPECT_EQ(ack_of(w.got(2), 1).at("error").at("code"), "not_in_room");
  EXPECT_TRUE(w.got(0).empty());
}

TEST(relay_chain, malformed_json_closes_only_that_connection) {
  relay_world w(2, 2);
  w.h.send(w.conns[0], R"(2["ice-candidate",{"candidate":"c","targetSocket":")" + w.ids[1] + "\"]");
  EXPECT_TRUE(w.conns[0]->closed());
  EXPECT_FALSE(w.conns[1]->closed());
  EXPECT_TRUE(w.got(1).empty());
}

TEST(relay_chain, out_of_range_numbers_close_the_connection) {
  relay_world w(2, 2);
  w.send(0, "ice-candidate",
         R"({"candidate":{"candidate":"c","sdpMLineIndex":1e999},"targetSocket":")" + w.ids[1] +
             "\"}");
  EXPECT_TRUE(w.conns[0]->closed());
  EXPECT_TRUE(w.got(1).empty());
}

TEST(relay_chain, binary_attachments_are_invalid_payload) {
  relay_world w(2, 2);
  w.h.send(w.conns[0],
           R"(51-3["ice-candidate",{"candidate":{"_placeholder":true,"num":0},"targetSocket":")" +
               w.ids[1] + "\"}]");
  w.conns[0]->receive("bytes", true);
  w.h.drain();
  EXPECT_EQ(ack_of(w.got(0), 3).at("error").at("code"), "invalid_payload");
  EXPECT_TRUE(w.got(1).empty());
}

// Not a check: relays PARLEY_RELAY_COUNT (default 20000) candidates, for callgrind:
//   valgrind --tool=callgrind --toggle-collect='parley::socketio::client::on_message*'
//     build/server/test_signaling --gtest_also_run_disabled_tests
//     --gtest_filter=relay_chain.DISABLED_many_candidates
// then divide the total by the count.
TEST(relay_chain, DISABLED_many_candidates) {
  limits unlimited;  // as the bench runs the server: no event rate limit
  unlimited.events_per_second = 0;
  unlimited.event_burst = 0;
  relay_world w(2, 2, unlimited);
  const char* env = std::getenv("PARLEY_RELAY_COUNT");
  const int n = env ? std::atoi(env) : 20000;
  // As bench_loadgen's: ~250 bytes on the wire.
  const std::string body =
      R"({"candidate":"candidate:1 1 udp 2122260223 192.168.1.20 54321 typ host )" +
      std::string(90, 'x') + R"(","sdpMid":"0","sdpMLineIndex":0,"usernameFragment":"Ab3d"})";
  const std::string packet =
      R"(2["ice-candidate",{"candidate":)" + body + R"(,"targetSocket":")" + w.ids[1] + "\"}]";
  for (int i = 0; i < n; ++i) {
    w.conns[0]->receive(packet);
    w.h.drain();
    if (i % 256 == 0) w.clear();
  }
  EXPECT_EQ(w.ctx->metrics.relayed(relay_type::ice_candidate).value(), static_cast<unsigned>(n));
}

}  // namespace
}  // namespace parley::signaling
