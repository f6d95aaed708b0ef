// The relay fast path's reader: the corners parse_relay's table (requests_test.cpp) does not
// reach -- duplicates, escapes, white space, positions of the body's bytes.
#include "signaling/relay_scan.hpp"

#include <gtest/gtest.h>

#include <string>

namespace parley::signaling {
namespace {

using verdict = relay_scan::verdict;

relay_scan candidate(const std::string& arg, const std::string& more = "") {
  static std::string text;  // the scan points into it
  text = R"(["ice-candidate",)" + arg + more + "]";
  return scan_relay(text, relay_type::ice_candidate, limits{});
}

TEST(relay_scan, finds_the_body_bytes_wherever_the_member_is) {
  auto s = candidate(R"({"candidate":{"candidate":"c","sdpMid":"0"},"targetSocket":"abc"})");
  ASSERT_EQ(s.what, verdict::ok);
  EXPECT_EQ(s.request.body, R"({"candidate":"c","sdpMid":"0"})");
  EXPECT_EQ(s.request.target, "abc");
  s = candidate(R"({"targetSocket":"abc","candidate":{"candidate":"c"}})");  // body last
  ASSERT_EQ(s.what, verdict::ok);
  EXPECT_EQ(s.request.body, R"({"candidate":"c"})");
  s = candidate(" { \"candidate\" : \"c\\\"x\" ,\n \"targetSocket\" : \"abc\" } ");
  ASSERT_EQ(s.what, verdict::ok);
  EXPECT_EQ(s.request.body, R"("c\"x")");
  s = candidate(R"({"targetSocket":"abc","candidate":"a]}\\"} )");
  ASSERT_EQ(s.what, verdict::ok);
  EXPECT_EQ(s.request.body, R"("a]}\\")");
}

TEST(relay_scan, the_last_duplicate_wins_as_in_the_dom) {
  auto s = candidate(R"({"candidate":7,"targetSocket":1,"candidate":"ok","targetSocket":"abc"})");
  ASSERT_EQ(s.what, verdict::ok);
  EXPECT_EQ(s.request.body, R"("ok")");
  EXPECT_EQ(s.request.target, "abc");
  EXPECT_EQ(candidate(R"({"candidate":"ok","targetSocket":"abc","candidate":7})").what,
            verdict::invalid);
}

TEST(relay_scan, earlier_inner_duplicates_count_as_bulk) {
  const std::string big(1500, 'x');
  // The DOM keeps only the last "candidate"; the bytes forwarded would carry both.
  EXPECT_EQ(candidate(R"({"candidate":{"candidate":")" + big +
                      R"(","candidate":"c"},"targetSocket":"a"})")
                .what,
            verdict::invalid);
  EXPECT_EQ(candidate(R"({"candidate":{"candidate":"c","candidate":")" + big +
                      R"("},"targetSocket":"a"})")
                .what,
            verdict::ok);
}

TEST(relay_scan, duplicate_members_of_the_body_weigh_as_sent) {
  const std::string half(600, 'x');  // one fits max_relay_extra_bytes, two do not
  EXPECT_EQ(
      candidate(R"({"candidate":{"candidate":"c","x":")" + half + R"("},"targetSocket":"a"})").what,
      verdict::ok);
  EXPECT_EQ(candidate(R"({"candidate":{"candidate":"c","x":")" + half + R"(","x":")" + half +
                      R"("},"targetSocket":"a"})")
                .what,
            verdict::invalid);
}

TEST(relay_scan, escapes_where_positions_matter_go_to_the_dom_path) {
  EXPECT_EQ(candidate(R"({"c\u0061ndidate":"c","targetSocket":"abc"})").what, verdict::unsupported);
  EXPECT_EQ(candidate(R"({"candidate":"c","targetSocket":"\u0061bc"})").what, verdict::unsupported);
  EXPECT_EQ(candidate(R"({"candidate":{"c\u0061ndidate":"c"},"targetSocket":"abc"})").what,
            verdict::unsupported);
  // Escapes elsewhere are fine.
  auto s = candidate(
      R"({"candidate":{"candidate":"\u0063","x":{"\u0079":"\t"}},"o":{"\u0061":1},"targetSocket":"abc"})");
  EXPECT_EQ(s.what, verdict::ok);
}

TEST(relay_scan, only_the_first_argument_counts) {
  auto s =
      candidate(R"({"candidate":"c","targetSocket":"abc"})", R"(,{"candidate":7},[1,{"a":2}])");
  ASSERT_EQ(s.what, verdict::ok);
  EXPECT_EQ(s.request.body, R"("c")");
  EXPECT_EQ(candidate(R"("x")", R"(,{"candidate":"c","targetSocket":"abc"})").what,
            verdict::invalid);
  EXPECT_EQ(scan_relay(R"(["ice-candidate"])", relay_type::ice_candidate, limits{}).what,
            verdict::invalid);
}

TEST(relay_scan, socketio_faults_are_not_valid) {
  EXPECT_FALSE(candidate(R"({"candidate":"c","targetSocket":"abc"})", ",").valid);
  EXPECT_FALSE(candidate(R"({"candidate":1e999,"targetSocket":"abc"})").valid);
  EXPECT_FALSE(candidate(R"({"candidate":"\xff","targetSocket":"abc"})").valid);
  EXPECT_FALSE(scan_relay(R"(["ice-candidate",1] x)", relay_type::ice_candidate, limits{}).valid);
  std::string deep = std::string(40, '[') + std::string(40, ']');
  EXPECT_FALSE(candidate(deep).valid);
  std::string ok_depth = std::string(30, '[') + std::string(30, ']');
  EXPECT_TRUE(candidate(ok_depth).valid);
}

}  // namespace
}  // namespace parley::signaling
