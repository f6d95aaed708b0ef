// The decoder's reassembly of binary packets from consecutive Engine.IO messages.
#include "socketio/decoder.hpp"

#include <gtest/gtest.h>

namespace parley::socketio {
namespace {

struct step {
  std::string data;
  bool binary;
  enum { waiting, complete, error } expect;
};

struct sequence_case {
  std::string name;
  std::vector<step> steps;
};

TEST(Decoder, Sequences) {
  const std::string two = R"(52-["m",{"_placeholder":true,"num":0},{"_placeholder":true,"num":1}])";
  const std::vector<sequence_case> cases = {
      {"text packet", {{R"(2["a"])", false, step::complete}}},
      {"two attachments",
       {{two, false, step::waiting},
        {"\x01", true, step::waiting},
        {"\x02", true, step::complete}}},
      {"zero attachments complete at once", {{R"(50-["a"])", false, step::complete}}},
      {"binary without a packet", {{"\x01", true, step::error}}},
      {"text while attachments pending",
       {{two, false, step::waiting}, {R"(2["a"])", false, step::error}}},
      {"too many bytes",
       {{two, false, step::waiting},
        {std::string(600, 'x'), true, step::waiting},
        {std::string(500, 'y'), true, step::error}}},
      {"extra binary after completion",
       {{R"(51-["a",{"_placeholder":true,"num":0}])", false, step::waiting},
        {"z", true, step::complete},
        {"z", true, step::error}}},
      {"malformed text", {{"9", false, step::error}}},
  };
  for (const auto& c : cases) {
    decoder d(64, 1000);
    for (std::size_t i = 0; i < c.steps.size(); ++i) {
      const auto& s = c.steps[i];
      auto r = d.feed(s.data, s.binary);
      switch (s.expect) {
        case step::waiting:
          ASSERT_TRUE(r) << c.name << " step " << i;
          EXPECT_FALSE(r->has_value()) << c.name << " step " << i;
          break;
        case step::complete:
          ASSERT_TRUE(r) << c.name << " step " << i;
          EXPECT_TRUE(r->has_value()) << c.name << " step " << i;
          break;
        case step::error:
          EXPECT_FALSE(r) << c.name << " step " << i;
          break;
      }
    }
  }
}

TEST(Decoder, AttachmentsKeepTheirOrderAndBytes) {
  decoder d(64, 1'000'000);
  ASSERT_TRUE(d.feed(
      R"(52-789["message-with-ack",{"_placeholder":true,"num":0},{"_placeholder":true,"num":1}])",
      false));
  EXPECT_TRUE(d.pending());
  ASSERT_TRUE(d.feed(std::string("\x01\x02\x03", 3), true));
  auto r = d.feed(std::string("\x04\0\x06", 3), true);
  ASSERT_TRUE(r && r->has_value());
  const packet& p = **r;
  EXPECT_EQ(p.type, packet_type::binary_event);
  EXPECT_EQ(p.id, 789u);
  ASSERT_EQ(p.attachments.size(), 2u);
  EXPECT_EQ(p.attachments[0], std::string("\x01\x02\x03", 3));
  EXPECT_EQ(p.attachments[1], std::string("\x04\0\x06", 3));
  EXPECT_FALSE(d.pending());
}

TEST(Decoder, RecoversAfterAnError) {
  decoder d(2, 1000);
  EXPECT_FALSE(d.feed(R"(53-["a"])", false));
  auto r = d.feed(R"(2["a"])", false);
  ASSERT_TRUE(r && r->has_value());
}

}  // namespace
}  // namespace parley::socketio
