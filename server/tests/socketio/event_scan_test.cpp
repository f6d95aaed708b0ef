// scan() accepts exactly what parse_text accepts for an EVENT payload, without a DOM.
#include "socketio/event_scan.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace parley::socketio {
namespace {

bool dom_accepts(const std::string& payload) {
  std::size_t expected = 0;
  return parse_text("2" + payload, 8, expected).has_value();
}

TEST(event_scan, agrees_with_the_dom_decoder) {
  const std::vector<std::string> payloads = {
      R"(["ev"])",
      R"(["ev",1,"two",{"a":[true,false,null]}])",
      R"(["ev",{"a":1.5e300}])",
      R"(["ev",{"a":1e999}])",
      R"(["ev",-1e999])",
      R"(["ev",])",
      R"(["ev",{"a":}])",
      R"(["ev"] )",
      R"( ["ev"])",
      R"(["ev"]x)",
      R"(["ev",{"a":1},])",
      R"([])",
      R"([1])",
      R"({"ev":1})",
      R"("ev")",
      R"(["ev","\ud800"])",
      "[\"ev\",\"\xc3\x28\"]",
      "[\"ev\",\"\x01\"]",
      R"(["ev",/*c*/1])",
      R"(["ev",01])",
      R"(["ev",NaN])",
      R"(["ev",{"a":"b","a":"c"}])",
      R"(["e\"v",1])",
      R"(["ev",18446744073709551616])",
      std::string(R"(["ev",)") + std::string(31, '[') + std::string(31, ']') + "]",
      std::string(R"(["ev",)") + std::string(32, '[') + std::string(32, ']') + "]",
  };
  for (const auto& p : payloads) {
    EXPECT_EQ(static_cast<bool>(validate(p)), dom_accepts(p)) << p;
  }
}

struct recorder : scan_visitor {
  void on_arg(std::size_t i) { log += "arg" + std::to_string(i) + " "; }
  void on_open(bool object, unsigned depth) {
    log += (object ? "{" : "[") + std::to_string(depth) + " ";
  }
  void on_key(std::string_view k, std::size_t size, std::size_t end, unsigned depth) {
    log += "k:" + std::string(k) + "@" +
           (end == std::string_view::npos ? "-" : std::to_string(end)) + " ";
  }
  void on_string(std::string_view s, std::size_t, bool in_text, unsigned depth) {
    log += "s:" + std::string(s) + (in_text ? "" : "*") + std::to_string(depth) + " ";
  }
  void on_scalar(unsigned depth) { log += "n" + std::to_string(depth) + " "; }
  std::string log;
};

TEST(event_scan, streams_arguments_with_depths_and_positions) {
  recorder r;
  const std::string p = R"(["ev",{"ab":"x","c\u0064":[1]},"y"])";
  ASSERT_TRUE(scan(p, r));
  // An escaped key arrives in parts: the visitor sees its last part and no position.
  EXPECT_EQ(r.log, "arg0 {0 k:ab@11 s:x1 k:d@- [1 n2 arg1 s:y0 ");
  EXPECT_EQ(p[10], '"');
}

TEST(event_scan, skips_values_of_scanned_text) {
  const std::string p = R"(["ev",{"a":["}",{"b":"\"\\"}]},12 ,true])";
  const std::size_t obj = p.find('{');
  EXPECT_EQ(p.substr(obj, skip_value(p, obj) - obj), R"({"a":["}",{"b":"\"\\"}]})");
  const std::size_t num = p.find("12");
  EXPECT_EQ(skip_value(p, num), num + 2);
  const std::size_t t = p.find("true");
  EXPECT_EQ(skip_value(p, t), t + 4);
  EXPECT_EQ(skip_to_value(R"("k" :  5)", 3), 7u);
  EXPECT_EQ(value_end_before("{\"a\":5 ,\n \"b\":6}", 10), 6u);
  EXPECT_EQ(value_end_before(R"({"a":{},"b":6})", 8), 7u);
}

TEST(event_scan, peeks_plain_event_names_only) {
  EXPECT_EQ(peek_event_name(R"(["offer",{}])"), "offer");
  EXPECT_EQ(peek_event_name(R"([""])"), "");
  EXPECT_FALSE(peek_event_name(R"(["of\"fer",{}])"));
  EXPECT_FALSE(peek_event_name(R"([ "offer"])"));
  EXPECT_FALSE(peek_event_name(R"([1])"));
  EXPECT_FALSE(peek_event_name(R"(["open)"));
}

}  // namespace
}  // namespace parley::socketio
