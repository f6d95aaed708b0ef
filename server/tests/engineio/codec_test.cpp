// Table-driven tests of the Engine.IO codecs: base64, packets, payloads, query, sid.
#include <gtest/gtest.h>

#include <set>

#include "engineio/base64.hpp"
#include "engineio/packet.hpp"
#include "engineio/payload.hpp"
#include "engineio/query.hpp"
#include "engineio/sid.hpp"

namespace parley::engineio {
namespace {

TEST(Base64, RoundTripsEveryRemainder) {
  const std::string cases[] = {"",     "f",     "fo",     "foo",
                               "foob", "fooba", "foobar", std::string("\x00\xff\x10", 3)};
  const std::string encoded[] = {"",         "Zg==",     "Zm8=",     "Zm9v",
                                 "Zm9vYg==", "Zm9vYmE=", "Zm9vYmFy", "AP8Q"};
  for (std::size_t i = 0; i < std::size(cases); ++i) {
    std::string out;
    base64::encode_append(out, cases[i]);
    EXPECT_EQ(out, encoded[i]);
    std::string back;
    ASSERT_TRUE(base64::decode(out, back)) << out;
    EXPECT_EQ(back, cases[i]);
  }
}

TEST(Base64, RejectsMalformed) {
  for (const char* bad : {"A", "AB", "ABC", "A===", "AB=C", "====", "Zg=a",
                          "Zh==", "Zm9=", "Z!==", "Zg==Zg==", "Zm 9", "Zm9v\n"}) {
    std::string out;
    EXPECT_FALSE(base64::decode(bad, out)) << bad;
  }
}

TEST(Packet, DecodesEveryType) {
  struct row {
    const char* text;
    packet_type type;
    const char* data;
  };
  const row rows[] = {
      {"0", packet_type::open, ""},
      {"1", packet_type::close, ""},
      {"2", packet_type::ping, ""},
      {"2probe", packet_type::ping, "probe"},
      {"3", packet_type::pong, ""},
      {"3probe", packet_type::pong, "probe"},
      {"4hello", packet_type::message, "hello"},
      {"4", packet_type::message, ""},
      {"5", packet_type::upgrade, ""},
      {"6", packet_type::noop, ""},
      {"4\xe2\x82\xac\x1e", packet_type::message, "\xe2\x82\xac\x1e"},
  };
  for (const auto& r : rows) {
    auto p = decode_text_packet(r.text);
    ASSERT_TRUE(p) << r.text;
    EXPECT_EQ(p->type, r.type) << r.text;
    EXPECT_EQ(p->data, r.data) << r.text;
    EXPECT_FALSE(p->binary);
  }
}

TEST(Packet, RejectsMalformed) {
  for (const char* bad : {"", "7", "9x", "a", "b", "babc", "-1", " 4"})
    EXPECT_FALSE(decode_text_packet(bad)) << bad;
}

TEST(Packet, EncodesForPolling) {
  struct row {
    out_packet p;
    const char* wire;
  };
  const row rows[] = {
      {control_packet(packet_type::open, R"({"sid":"x"})"), R"(0{"sid":"x"})"},
      {control_packet(packet_type::close), "1"},
      {control_packet(packet_type::ping), "2"},
      {control_packet(packet_type::pong, "probe"), "3probe"},
      {{packet_type::message, false, std::make_shared<const std::string>("hello"), {}}, "4hello"},
      {{packet_type::message, true, std::make_shared<const std::string>("\x01\x02\x03\x04"), {}},
       "bAQIDBA=="},
      {control_packet(packet_type::noop), "6"},
  };
  for (const auto& r : rows) {
    std::string out;
    append_polling_encoding(out, r.p);
    EXPECT_EQ(out, r.wire);
  }
}

std::vector<std::pair<packet_type, std::string>> read_all(std::string_view body, bool& failed) {
  std::vector<std::pair<packet_type, std::string>> out;
  payload_reader reader(body);
  while (auto p = reader.next())
    out.emplace_back(p->type, std::string(p->data) + (p->binary ? "[b]" : ""));
  failed = reader.failed();
  return out;
}

TEST(Payload, DecodesBatches) {
  struct row {
    std::string body;
    std::vector<std::pair<packet_type, std::string>> packets;
    bool failed;
  };
  using pt = packet_type;
  const row rows[] = {
      {"4hello", {{pt::message, "hello"}}, false},
      {"4test1\x1e"
       "4test2\x1e"
       "4test3",
       {{pt::message, "test1"}, {pt::message, "test2"}, {pt::message, "test3"}},
       false},
      {"4hello\x1e"
       "bAQIDBA==",
       {{pt::message, "hello"}, {pt::message, "\x01\x02\x03\x04[b]"}},
       false},
      {"3", {{pt::pong, ""}}, false},
      {"1", {{pt::close, ""}}, false},
      {"b", {{pt::message, "[b]"}}, false},
      {"", {}, true},
      {"abc", {}, true},
      {"4a\x1e", {{pt::message, "a"}}, true},  // trailing separator: empty record
      {"4a\x1e\x1e"
       "4b",
       {{pt::message, "a"}},
       true},  // stops at the first bad record
      {"4a\x1e"
       "b!!!!",
       {{pt::message, "a"}},
       true},
      {"\x1e", {}, true},
  };
  for (const auto& r : rows) {
    bool failed = false;
    EXPECT_EQ(read_all(r.body, failed), r.packets) << r.body;
    EXPECT_EQ(failed, r.failed) << r.body;
  }
}

TEST(Payload, EncodesBatchesAndRoundTrips) {
  std::vector<out_packet> q;
  q.push_back(control_packet(packet_type::ping));
  q.push_back({packet_type::message,
               false,
               std::make_shared<const std::string>("a\x1e"
                                                   "b"),
               {}});
  q.push_back({packet_type::message,
               true,
               std::make_shared<const std::string>(std::string("\0\xff", 2)),
               {}});
  const std::string body = encode_payload(q);
  EXPECT_EQ(body,
            "2\x1e"
            "4a\x1e"
            "b\x1e"
            "bAP8=");
  EXPECT_EQ(encode_payload({}), "");
}

TEST(Query, ParsesEngineIoParameters) {
  const auto q = parse_query("/engine.io/?EIO=4&transport=polling&t=abc&sid=a%2Db_c");
  EXPECT_EQ(q.eio, "4");
  EXPECT_EQ(q.transport, "polling");
  EXPECT_EQ(q.sid, "a-b_c");
  EXPECT_EQ(q.raw, "EIO=4&transport=polling&t=abc&sid=a%2Db_c");

  const auto none = parse_query("/engine.io/");
  EXPECT_TRUE(none.eio.empty() && none.transport.empty() && none.sid.empty() && none.raw.empty());

  const auto odd = parse_query("/x?EIO&transport=websocket&transport=polling&sid=%zz%4");
  EXPECT_EQ(odd.eio, "");
  EXPECT_EQ(odd.transport, "websocket");  // the first value wins
  EXPECT_EQ(odd.sid, "%zz%4");            // malformed escapes are kept
}

TEST(Sid, IsTwentyUrlSafeCharactersAndUnique) {
  std::set<std::string> seen;
  for (int i = 0; i < 1000; ++i) {
    auto sid = make_sid();
    ASSERT_TRUE(sid);
    ASSERT_EQ(sid->size(), 20u);
    for (char c : *sid)
      EXPECT_TRUE(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_') << *sid;
    seen.insert(*sid);
  }
  EXPECT_EQ(seen.size(), 1000u);
}

}  // namespace
}  // namespace parley::engineio
