#include "signaling/requests.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <optional>
#include <string>

#include "signaling/relay_scan.hpp"

namespace parley::signaling {
namespace {

namespace json = boost::json;

enum class ev { join, offer, answer, candidate, chat, media, hand };

struct validation_case {
  ev event;
  std::string args;  ///< the event's argument list as JSON
  bool valid;
};

bool accepted(ev e, socketio::payload& p) {
  const limits lim;
  switch (e) {
    case ev::join:
      return parse_join(p, lim).has_value();
    case ev::offer:
      return parse_relay(p, relay_type::offer, lim).has_value();
    case ev::answer:
      return parse_relay(p, relay_type::answer, lim).has_value();
    case ev::candidate:
      return parse_relay(p, relay_type::ice_candidate, lim).has_value();
    case ev::chat:
      return parse_chat(p, lim).has_value();
    case ev::media:
      return parse_media_state(p).has_value();
    case ev::hand:
      return parse_raise_hand(p).has_value();
  }
  return false;
}

std::string str(std::size_t n, char c = 'a') {
  return std::string(n, c);
}
std::string quoted(const std::string& s) {
  return "\"" + s + "\"";
}
std::string repeat(const std::string& s, std::size_t n) {
  std::string out;
  for (std::size_t i = 0; i < n; ++i) out += s;
  return out;
}

class validation_table : public testing::TestWithParam<validation_case> {};

std::optional<relay_type> relay_of(ev e) {
  switch (e) {
    case ev::offer:
      return relay_type::offer;
    case ev::answer:
      return relay_type::answer;
    case ev::candidate:
      return relay_type::ice_candidate;
    default:
      return std::nullopt;
  }
}

TEST_P(validation_table, accepts_exactly_the_contract) {
  const auto& c = GetParam();
  socketio::payload p(json::parse(c.args).as_array());
  EXPECT_EQ(accepted(c.event, p), c.valid) << c.args.substr(0, 200);
  // The fast path (relay_scan.hpp) reads the same packet text to the same verdict and body.
  if (auto t = relay_of(c.event)) {
    const std::string text = "[\"" + std::string(event_name(*t)) + "\"," + c.args.substr(1);
    const relay_scan s = scan_relay(text, *t, limits{});
    ASSERT_TRUE(s.valid);
    EXPECT_EQ(s.what == relay_scan::verdict::ok, c.valid) << c.args.substr(0, 200);
    if (s.what == relay_scan::verdict::ok) {
      auto r = parse_relay(p, *t, limits{});
      ASSERT_TRUE(r);
      EXPECT_EQ(json::parse(s.request.body), *r->body);
      EXPECT_EQ(s.request.target, r->target);
    }
  }
}

const std::string sdp64k = str(64 * 1024);
const std::string tgt = R"("targetSocket":"abc")";

INSTANTIATE_TEST_SUITE_P(
    join, validation_table,
    testing::Values(
        validation_case{ev::join, R"([{"room":"abcd-efgh-ijkl"}])", true},
        validation_case{ev::join,
                        R"([{"room":"r","userId":"u","password":"p","audio":false,"video":true}])",
                        true},
        validation_case{ev::join, R"([{"room":"r","userId":null,"password":null}])", true},
        validation_case{ev::join, R"([{"room":"r","extra":[1,2]}])", true},
        validation_case{ev::join, R"([])", false}, validation_case{ev::join, R"(["r"])", false},
        validation_case{ev::join, R"([{}])", false},
        validation_case{ev::join, R"([{"room":7}])", false},
        validation_case{ev::join, R"([{"room":"r","audio":"yes"}])", false},
        validation_case{ev::join, R"([{"room":"r","video":1}])", false},
        validation_case{ev::join, R"([{"room":"r","password":5}])", false},
        validation_case{ev::join, R"([{"room":"r","userId":{}}])", false},
        validation_case{ev::join, "[{\"room\":\"r\",\"password\":" + quoted(str(1025)) + "}]",
                        false}));

INSTANTIATE_TEST_SUITE_P(
    relay, validation_table,
    testing::Values(
        validation_case{ev::offer, R"([{"offer":{"type":"offer","sdp":"v=0"},)" + tgt + "}]", true},
        validation_case{ev::offer, R"([{"offer":"v=0",)" + tgt + "}]", true},
        validation_case{
            ev::offer,
            "[{\"offer\":{\"type\":\"offer\",\"sdp\":" + quoted(sdp64k) + "}," + tgt + "}]", true},
        validation_case{
            ev::offer,
            "[{\"offer\":{\"type\":\"offer\",\"sdp\":" + quoted(sdp64k + "a") + "}," + tgt + "}]",
            false},
        validation_case{ev::offer, "[{\"offer\":" + quoted(sdp64k + "a") + "," + tgt + "}]", false},
        validation_case{
            ev::offer,
            "[{\"offer\":{\"sdp\":\"v=0\",\"junk\":" + quoted(str(2000)) + "}," + tgt + "}]",
            false},
        validation_case{
            ev::offer,
            "[{\"offer\":{\"sdp\":\"v=0\",\"junk\":[" + repeat("1,", 300) + "1]}," + tgt + "}]",
            false},
        validation_case{ev::offer, R"([{"offer":{"type":"offer"},)" + tgt + "}]", false},
        validation_case{ev::offer, R"([{"offer":{"type":"offer","sdp":5},)" + tgt + "}]", false},
        validation_case{ev::offer, R"([{"offer":17,)" + tgt + "}]", false},
        validation_case{ev::offer, R"([{"offer":{"sdp":"v=0"}}])", false},
        validation_case{ev::offer, R"([{"offer":{"sdp":"v=0"},"targetSocket":42}])", false},
        validation_case{ev::offer, R"([{"answer":{"sdp":"v=0"},)" + tgt + "}]", false},
        validation_case{ev::answer, R"([{"answer":{"type":"answer","sdp":"v=0"},)" + tgt + "}]",
                        true},
        validation_case{ev::answer, R"([{"offer":{"type":"answer","sdp":"v=0"},)" + tgt + "}]",
                        false},
        validation_case{
            ev::candidate,
            R"([{"candidate":{"candidate":"candidate:1 1 udp","sdpMid":"0","sdpMLineIndex":0},)" +
                tgt + "}]",
            true},
        validation_case{ev::candidate, R"([{"candidate":{"candidate":""},)" + tgt + "}]", true},
        validation_case{ev::candidate,
                        "[{\"candidate\":{\"candidate\":" + quoted(str(2048)) + "}," + tgt + "}]",
                        true},
        validation_case{ev::candidate,
                        "[{\"candidate\":{\"candidate\":" + quoted(str(2049)) + "}," + tgt + "}]",
                        false},
        validation_case{ev::candidate, R"([{"candidate":{"candidate":3},)" + tgt + "}]", false},
        validation_case{ev::candidate, R"([{"candidate":3,)" + tgt + "}]", false},
        validation_case{ev::candidate, R"([{"candidate":null,)" + tgt + "}]", false},
        validation_case{ev::candidate, R"([[1,2,3]])", false}));

INSTANTIATE_TEST_SUITE_P(
    room_events, validation_table,
    testing::Values(
        validation_case{ev::chat, R"([{"text":"hello"}])", true},
        validation_case{ev::chat, "[{\"text\":" + quoted(str(4000)) + "}]", true},
        validation_case{ev::chat, "[{\"text\":" + quoted(str(4001)) + "}]", false},
        validation_case{ev::chat, "[{\"text\":" + quoted(repeat("\xF0\x9F\x98\x80", 4000)) + "}]",
                        true},
        validation_case{ev::chat, "[{\"text\":" + quoted(repeat("\xF0\x9F\x98\x80", 4001)) + "}]",
                        false},
        validation_case{ev::chat, "[{\"text\":" + quoted(repeat("\xC3\xA9", 4000)) + "}]", true},
        validation_case{ev::chat, R"([{"text":""}])", false},
        validation_case{ev::chat, R"([{"text":"  \n\t "}])", false},
        validation_case{ev::chat, R"([{"text":5}])", false},
        validation_case{ev::chat, R"([{}])", false},
        validation_case{ev::chat, R"(["text"])", false},
        validation_case{ev::media, R"([{"audio":false,"video":true,"screen":true}])", true},
        validation_case{ev::media, R"([{"audio":false,"video":true}])", false},
        validation_case{ev::media, R"([{"audio":"off","video":true,"screen":false}])", false},
        validation_case{ev::hand, R"([{"raised":true}])", true},
        validation_case{ev::hand, R"([{"raised":"yes"}])", false},
        validation_case{ev::hand, R"([{}])", false}, validation_case{ev::hand, R"([])", false}));

TEST(requests, binary_attachments_are_invalid) {
  socketio::payload p(json::parse(R"([{"raised":true}])").as_array());
  p.binary.push_back("bytes");
  EXPECT_FALSE(parse_raise_hand(p));
}

TEST(requests, relay_points_into_the_payload_without_copying) {
  socketio::payload p(json::parse(R"([{"offer":{"sdp":"v=0"},"targetSocket":"abc"}])").as_array());
  auto r = parse_relay(p, relay_type::offer, limits{});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->target, "abc");
  EXPECT_EQ(r->body, &p.args[0].as_object().at("offer"));
}

TEST(requests, code_points_count_utf8_sequences) {
  EXPECT_EQ(code_points(""), 0u);
  EXPECT_EQ(code_points("abc"), 3u);
  EXPECT_EQ(code_points("\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80"), 3u);
}

TEST(requests, weight_stops_counting_past_the_limit) {
  json::value big = json::parse("[" + repeat("\"xxxxxxxxxx\",", 1000) + "1]");
  const std::size_t w = weight(big, 100);
  EXPECT_GT(w, 100u);
  EXPECT_LT(w, 200u);
}

}  // namespace
}  // namespace parley::signaling
