// RFC 6455 framing: header decoding (every prefix of a valid header asks for more), the
// violations it refuses, unmasking at any offset, header encoding, UTF-8 and close payloads.
#include "engineio/websocket_frame.hpp"

#include <gtest/gtest.h>

#include <string>

namespace parley::engineio::ws {
namespace {

std::string bytes(std::initializer_list<int> list) {
  std::string s;
  for (int b : list) s.push_back(static_cast<char>(b));
  return s;
}

TEST(WebSocketFrame, DecodesEachLengthForm) {
  struct {
    std::string header;
    opcode op;
    bool fin;
    std::uint64_t length;
    std::size_t size;
  } const cases[] = {
      {bytes({0x81, 0x85, 1, 2, 3, 4}), opcode::text, true, 5, 6},
      {bytes({0x02, 0xFE, 0x01, 0x00, 1, 2, 3, 4}), opcode::binary, false, 256, 8},
      {bytes({0x80, 0xFF, 0, 0, 0, 0, 0, 1, 0, 0, 1, 2, 3, 4}), opcode::continuation, true, 65536,
       14},
      {bytes({0x89, 0xFD, 1, 2, 3, 4}), opcode::ping, true, 125, 6},
      {bytes({0x88, 0x80, 1, 2, 3, 4}), opcode::close, true, 0, 6},
  };
  for (const auto& k : cases) {
    frame_header h;
    ASSERT_EQ(decode_header(k.header, h), decode_result::ok) << k.length;
    EXPECT_EQ(h.op, k.op);
    EXPECT_EQ(h.fin, k.fin);
    EXPECT_EQ(h.length, k.length);
    EXPECT_EQ(h.header_size, k.size);
    EXPECT_EQ(h.key, (std::array<std::uint8_t, 4>{1, 2, 3, 4}));
    for (std::size_t n = 0; n < k.header.size(); ++n)
      EXPECT_EQ(decode_header(k.header.substr(0, n), h), decode_result::need_more) << n;
  }
}

TEST(WebSocketFrame, RefusesViolations) {
  struct {
    std::string header;
    decode_result result;
  } const cases[] = {
      {bytes({0x81, 0x05}), decode_result::unmasked},
      {bytes({0xC1, 0x80}), decode_result::reserved_bits},
      {bytes({0xA1, 0x80}), decode_result::reserved_bits},
      {bytes({0x83, 0x80}), decode_result::bad_opcode},
      {bytes({0x8B, 0x80}), decode_result::bad_opcode},
      {bytes({0x09, 0x80, 0, 0, 0, 0}), decode_result::bad_control},
      {bytes({0x89, 0xFE, 0x00, 0x7E, 0, 0, 0, 0}), decode_result::bad_control},
      {bytes({0x81, 0xFE, 0x00, 0x7D, 0, 0, 0, 0}), decode_result::bad_length},
      {bytes({0x81, 0xFF, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF}), decode_result::bad_length},
      {bytes({0x81, 0xFF, 0x80, 0, 0, 0, 0, 1, 0, 0}), decode_result::bad_length},
  };
  for (const auto& k : cases) {
    frame_header h;
    EXPECT_EQ(decode_header(k.header, h), k.result) << static_cast<int>(k.result);
  }
}

TEST(WebSocketFrame, UnmasksFromAnyOffset) {
  const std::array<std::uint8_t, 4> key{0x12, 0x34, 0x56, 0x78};
  std::string plain;
  for (int i = 0; i < 37; ++i) plain.push_back(static_cast<char>('a' + i % 26));
  std::string masked = plain;
  for (std::size_t i = 0; i < masked.size(); ++i)
    masked[i] = static_cast<char>(masked[i] ^ key[i % 4]);
  for (std::size_t split = 0; split <= masked.size(); ++split) {
    std::string m = masked;
    unmask(m.data(), split, key);
    unmask(m.data() + split, m.size() - split, key, split);
    EXPECT_EQ(m, plain) << split;
  }
}

TEST(WebSocketFrame, EncodesMinimalHeaders) {
  char out[max_header_size];
  struct {
    std::uint64_t length;
    std::string header;
  } const cases[] = {
      {0, bytes({0x81, 0x00})},
      {125, bytes({0x81, 0x7D})},
      {126, bytes({0x81, 0x7E, 0x00, 0x7E})},
      {65535, bytes({0x81, 0x7E, 0xFF, 0xFF})},
      {65536, bytes({0x81, 0x7F, 0, 0, 0, 0, 0, 1, 0, 0})},
  };
  for (const auto& k : cases) {
    char* end = encode_header(out, opcode::text, k.length);
    EXPECT_EQ(std::string(out, static_cast<std::size_t>(end - out)), k.header) << k.length;
  }
}

TEST(WebSocketFrame, ValidatesUtf8) {
  const std::string valid[] = {"",
                               "plain ascii, longer than eight bytes",
                               "caf\xC3\xA9",
                               "\xE2\x82\xAC",
                               "\xF0\x9F\x8E\xA5 camera",
                               "\xF4\x8F\xBF\xBF",
                               "\xED\x9F\xBF"};
  for (const auto& s : valid) EXPECT_TRUE(is_valid_utf8(s)) << s;
  const std::string invalid[] = {
      "\x80",         "\xC0\x80",         "\xC1\xBF",         "\xE0\x80\x80",
      "\xED\xA0\x80", "\xF0\x80\x80\x80", "\xF4\x90\x80\x80", "\xF5\x80\x80\x80",
      "\xC3",         "abcdefgh\xE2\x82", "\xE2\x28\xA1"};
  for (const auto& s : invalid) EXPECT_FALSE(is_valid_utf8(s)) << s.size();
}

TEST(WebSocketFrame, ValidatesClosePayloads) {
  EXPECT_TRUE(is_valid_close_payload(""));
  EXPECT_TRUE(is_valid_close_payload(bytes({0x03, 0xE8})));               // 1000
  EXPECT_TRUE(is_valid_close_payload(bytes({0x0F, 0xA0}) + "bye"));       // 4000 + reason
  EXPECT_FALSE(is_valid_close_payload(bytes({0x03})));                    // one byte
  EXPECT_FALSE(is_valid_close_payload(bytes({0x03, 0xED})));              // 1005: never sent
  EXPECT_FALSE(is_valid_close_payload(bytes({0x03, 0xE7})));              // 999
  EXPECT_FALSE(is_valid_close_payload(bytes({0x03, 0xE8, 0xC0, 0x80})));  // reason not UTF-8
}

}  // namespace
}  // namespace parley::engineio::ws
