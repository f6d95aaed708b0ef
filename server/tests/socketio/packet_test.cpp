// Table-driven tests of the Socket.IO packet encoder and text parser.
#include "socketio/packet.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

namespace parley::socketio {
namespace {

using T = packet_type;

packet make(T type, std::string nsp, std::optional<std::uint64_t> id, std::string_view data,
            std::size_t attachments = 0) {
  packet p;
  p.type = type;
  p.nsp = std::move(nsp);
  p.id = id;
  if (!data.empty()) p.data = json::parse(data);
  for (std::size_t i = 0; i < attachments; ++i) p.attachments.push_back("bin" + std::to_string(i));
  return p;
}

struct encode_case {
  packet in;
  std::string out;
};

TEST(PacketEncode, EveryTypeNamespaceAndAckId) {
  const std::vector<encode_case> cases = {
      {make(T::connect, "/", {}, ""), "0"},
      {make(T::connect, "/", {}, R"({"sid":"abc"})"), R"(0{"sid":"abc"})"},
      {make(T::connect, "/custom", {}, R"({"sid":"abc"})"), R"(0/custom,{"sid":"abc"})"},
      {make(T::disconnect, "/", {}, ""), "1"},
      {make(T::disconnect, "/admin", {}, ""), "1/admin,"},
      {make(T::event, "/", {}, R"(["a",1,{"b":[true]}])"), R"(2["a",1,{"b":[true]}])"},
      {make(T::event, "/chat", 12, R"(["a"])"), R"(2/chat,12["a"])"},
      {make(T::ack, "/", 3, R"(["x"])"), R"(33["x"])"},
      {make(T::ack, "/", 0, "[]"), "30[]"},
      {make(T::connect_error, "/x", {}, R"({"message":"Invalid namespace"})"),
       R"(4/x,{"message":"Invalid namespace"})"},
      {make(T::event, "/", {}, R"(["a",{"_placeholder":true,"num":0}])", 1),
       R"(51-["a",{"_placeholder":true,"num":0}])"},
      {make(T::ack, "/b", 9, R"([{"_placeholder":true,"num":0},{"_placeholder":true,"num":1}])", 2),
       R"(62-/b,9[{"_placeholder":true,"num":0},{"_placeholder":true,"num":1}])"},
      {make(T::binary_event, "/", {}, R"(["a"])"), R"(50-["a"])"},
  };
  for (const auto& c : cases) EXPECT_EQ(encode_text(c.in), c.out) << c.out;
}

TEST(PacketEncode, AttachmentsFollowAsBinaryMessages) {
  auto msgs = encode(make(
      T::event, "/", 7, R"(["a",{"_placeholder":true,"num":0},{"_placeholder":true,"num":1}])", 2));
  ASSERT_EQ(msgs.size(), 3u);
  EXPECT_FALSE(msgs[0].binary);
  EXPECT_EQ(*msgs[0].data,
            R"(52-7["a",{"_placeholder":true,"num":0},{"_placeholder":true,"num":1}])");
  EXPECT_TRUE(msgs[1].binary);
  EXPECT_EQ(*msgs[1].data, "bin0");
  EXPECT_TRUE(msgs[2].binary);
  EXPECT_EQ(*msgs[2].data, "bin1");
}

TEST(PacketEncode, EventPacketPrependsTheName) {
  payload args{1, "two"};
  auto p = event_packet("/chat", "hello", args, 5);
  EXPECT_EQ(encode_text(p), R"(2/chat,5["hello",1,"two"])");
  payload bin;
  json::value ph = bin.add_binary("\x01\x02");
  bin.args.push_back(ph);
  EXPECT_EQ(encode_text(event_packet("/", "up", bin)),
            R"(51-["up",{"_placeholder":true,"num":0}])");
}

struct parse_case {
  std::string in;
  T type;
  std::string nsp;
  std::optional<std::uint64_t> id;
  std::string data;  // serialized JSON, "" for none
  std::size_t attachments;
};

TEST(PacketParse, ValidPackets) {
  const std::vector<parse_case> cases = {
      {"0", T::connect, "/", {}, "", 0},
      {R"(0{"token":"123"})", T::connect, "/", {}, R"({"token":"123"})", 0},
      {"0/custom,", T::connect, "/custom", {}, "", 0},
      {"0/custom", T::connect, "/custom", {}, "", 0},  // as socket.io-parser: no comma needed
      {R"(0/custom,{"token":"abc"})", T::connect, "/custom", {}, R"({"token":"abc"})", 0},
      {"1", T::disconnect, "/", {}, "", 0},
      {"1/admin,", T::disconnect, "/admin", {}, "", 0},
      {R"(2["message",1,"2",{"3":[true]}])",
       T::event,
       "/",
       {},
       R"(["message",1,"2",{"3":[true]}])",
       0},
      {R"(2456["message-with-ack",1])", T::event, "/", 456, R"(["message-with-ack",1])", 0},
      {R"(2/chat,12["a"])", T::event, "/chat", 12, R"(["a"])", 0},
      {R"(2[42])", T::event, "/", {}, "[42]", 0},  // numeric event names are legal
      {R"(3/x,5[])", T::ack, "/x", 5, "[]", 0},
      {R"(39007199254740991[])", T::ack, "/", 9007199254740991ULL, "[]", 0},
      {R"(4{"message":"x"})", T::connect_error, "/", {}, R"({"message":"x"})", 0},
      {R"(4"x")", T::connect_error, "/", {}, R"("x")", 0},
      {R"(52-["a",{"_placeholder":true,"num":0},{"_placeholder":true,"num":1}])",
       T::binary_event,
       "/",
       {},
       R"(["a",{"_placeholder":true,"num":0},{"_placeholder":true,"num":1}])",
       2},
      {R"(51-/b,789["a",{"x":[{"_placeholder":true,"num":0}]}])", T::binary_event, "/b", 789,
       R"(["a",{"x":[{"_placeholder":true,"num":0}]}])", 1},
      {R"(62-789[{"_placeholder":true,"num":0},{"_placeholder":true,"num":1}])", T::binary_ack, "/",
       789, R"([{"_placeholder":true,"num":0},{"_placeholder":true,"num":1}])", 2},
      {R"(50-["a"])", T::binary_event, "/", {}, R"(["a"])", 0},
  };
  for (const auto& c : cases) {
    std::size_t expected = 99;
    auto r = parse_text(c.in, 64, expected);
    ASSERT_TRUE(r) << c.in << ": " << errc_name(r.error());
    EXPECT_EQ(r->type, c.type) << c.in;
    EXPECT_EQ(r->nsp, c.nsp) << c.in;
    EXPECT_EQ(r->id, c.id) << c.in;
    EXPECT_EQ(r->data.is_null() ? "" : json::serialize(r->data), c.data) << c.in;
    EXPECT_EQ(expected, c.attachments) << c.in;
  }
}

struct bad_case {
  std::string in;
  errc why;
};

TEST(PacketParse, MalformedPacketsAreRefusedWithAReason) {
  const std::vector<bad_case> cases = {
      {"", errc::unknown_type},
      {"7", errc::unknown_type},
      {"a", errc::unknown_type},
      {"abc", errc::unknown_type},
      {"4abc", errc::bad_json},
      {"2{}", errc::invalid_payload},
      {R"(2abc["message-with-ack",1])", errc::bad_json},
      {"2", errc::invalid_payload},
      {"2[]", errc::invalid_payload},
      {R"(2["connect"])", errc::invalid_payload},
      {R"(2["disconnecting",1])", errc::invalid_payload},
      {"2[{}]", errc::invalid_payload},
      {"2[null]", errc::invalid_payload},
      {R"(2"str")", errc::invalid_payload},
      {R"(2["a"]x)", errc::bad_json},
      {R"(2["a")", errc::bad_json},
      {"2[\"\xff\"]", errc::bad_json},
      {"2[" + std::string(40, '[') + std::string(41, ']'), errc::bad_json},
      {"2[\t13326e326]", errc::bad_json},  // overflows to infinity (fuzzer find)
      {R"(2["a",{"x":[-1e999]}])", errc::bad_json},
      {R"(3["x"])", errc::bad_ack_id},
      {"3", errc::bad_ack_id},
      {"31", errc::invalid_payload},
      {R"(31{})", errc::invalid_payload},
      {R"(212345678901234567["a"])", errc::bad_ack_id},
      {R"(29007199254740992["a"])", errc::bad_ack_id},
      {"1{}", errc::invalid_payload},
      {"1[]", errc::invalid_payload},
      {"12", errc::bad_ack_id},
      {"0[]", errc::invalid_payload},
      {R"(0"x")", errc::invalid_payload},
      {"012", errc::bad_ack_id},
      {"4", errc::invalid_payload},
      {"4[]", errc::invalid_payload},
      {R"(5["a"])", errc::bad_attachments},
      {R"(5-["a"])", errc::bad_attachments},
      {R"(51["a"])", errc::bad_attachments},
      {"51", errc::bad_attachments},
      {R"(5x-["a"])", errc::bad_attachments},
      {R"(51-["a",{"_placeholder":true,"num":1}])", errc::bad_attachments},
      {R"(51-["a",{"_placeholder":true,"num":-1}])", errc::bad_attachments},
      {R"(51-["a",{"_placeholder":true,"num":"0"}])", errc::bad_attachments},
      {R"(51-["a",{"_placeholder":true}])", errc::bad_attachments},
      {R"(565-["a"])", errc::too_many_attachments},
      {R"(59999999-["a"])", errc::bad_attachments},
      {R"(61-[{"_placeholder":true,"num":0}])", errc::bad_ack_id},
  };
  for (const auto& c : cases) {
    std::size_t expected = 0;
    auto r = parse_text(c.in, 64, expected);
    ASSERT_FALSE(r) << c.in;
    EXPECT_EQ(r.error(), c.why) << c.in << " gave " << errc_name(r.error());
  }
}

TEST(PacketParse, RoundTripsWhatItEncodes) {
  const std::vector<packet> packets = {
      make(T::connect, "/a", {}, R"({"x":[1,2,{"y":null}]})"),
      make(T::event, "/", 77, R"(["ev","ünïcødé ✓",-1,1.5,false,null])"),
      make(T::ack, "/deep/er", 0, R"([[[]]])"),
      make(T::event, "/", {}, R"(["b",{"_placeholder":true,"num":0}])", 1),
  };
  for (const auto& p : packets) {
    std::string text = encode_text(p);
    std::size_t expected = 0;
    auto back = parse_text(text, 64, expected);
    ASSERT_TRUE(back) << text;
    EXPECT_EQ(back->nsp, p.nsp);
    EXPECT_EQ(back->id, p.id);
    EXPECT_EQ(back->data, p.data);
    EXPECT_EQ(expected, p.attachments.size());
  }
}

}  // namespace
}  // namespace parley::socketio

namespace parley::socketio {
namespace {

TEST(Payload, PlaceholdersIndexTheBinaryList) {
  payload p;
  json::value first = p.add_binary("one");
  json::value second = p.add_binary(std::string("\0two", 4));
  EXPECT_EQ(json::serialize(first), R"({"_placeholder":true,"num":0})");
  ASSERT_NE(p.binary_of(second), nullptr);
  EXPECT_EQ(*p.binary_of(second), std::string("\0two", 4));
  EXPECT_TRUE(p.is_binary(first));
  const json::value fakes[] = {
      json::parse(R"({"_placeholder":true,"num":2})"),   // out of range
      json::parse(R"({"_placeholder":false,"num":0})"),  // not a placeholder
      json::parse(R"({"num":0})"),
      json::parse(R"("one")"),
      json::parse(R"({"_placeholder":true,"num":-1})"),
  };
  for (const auto& v : fakes) EXPECT_FALSE(p.is_binary(v)) << json::serialize(v);
}

}  // namespace
}  // namespace parley::socketio
