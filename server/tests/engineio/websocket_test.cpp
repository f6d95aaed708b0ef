// The Engine.IO endpoint over real loopback connections through http::server: WebSocket
// sessions, the upgrade from polling, heartbeats, limits and refused upgrades.
#include <gtest/gtest.h>

#include <mutex>

#include "loopback.hpp"
#include "ws_client.hpp"

namespace parley::engineio {
namespace {

using namespace std::chrono_literals;
using testing::loopback;
using testing::ws_client;

options fast_options() {
  options o;
  o.ping_interval = 300ms;
  o.ping_timeout = 200ms;
  return o;
}

const std::string ws_target = "/engine.io/?EIO=4&transport=websocket";

TEST(WebSocket, OpensEchoesTextAndBinaryAndAnswersPings) {
  loopback lb(fast_options());
  ws_client c(lb.port(), ws_target);
  ASSERT_TRUE(c.ok());
  auto open = c.read();
  ASSERT_TRUE(open);
  EXPECT_EQ(open->substr(0, 8), R"(0{"sid":)");
  EXPECT_NE(open->find(R"("upgrades":[])"), std::string::npos);
  ASSERT_TRUE(c.write("4hello"));
  EXPECT_EQ(c.read(), "4hello");
  EXPECT_FALSE(c.last_was_binary());
  ASSERT_TRUE(c.write(std::string("\x01\x02\x03\x04", 4), true));
  EXPECT_EQ(c.read(), std::string("\x01\x02\x03\x04", 4));
  EXPECT_TRUE(c.last_was_binary());
  for (int i = 0; i < 3; ++i) {  // survives three heartbeats
    EXPECT_EQ(c.read(1s), "2");
    ASSERT_TRUE(c.write("3"));
  }
  EXPECT_EQ(lb.eio().session_count(), 1u);
}

TEST(WebSocket, SilentClientIsClosedOnPingTimeout) {
  loopback lb(fast_options());
  ws_client c(lb.port(), ws_target);
  ASSERT_TRUE(c.read());  // open
  EXPECT_EQ(c.read(1s), "2");
  EXPECT_FALSE(c.read(1s));
  EXPECT_TRUE(c.closed());
  EXPECT_TRUE(lb.wait_sessions(0));
}

TEST(WebSocket, ClosePacketAndMalformedPacketEndTheConnection) {
  loopback lb(fast_options());
  for (const char* last : {"1", "abc", "", "2"}) {
    ws_client c(lb.port(), ws_target);
    ASSERT_TRUE(c.read());
    ASSERT_TRUE(c.write(last));
    EXPECT_FALSE(c.read(1s)) << last;
    EXPECT_TRUE(c.closed()) << last;
  }
}

TEST(WebSocket, FragmentedMessagesPingsAndTheClosingHandshake) {
  loopback lb(fast_options());
  ws_client c(lb.port(), ws_target);
  ASSERT_TRUE(c.read());
  ASSERT_TRUE(c.write_fragmented({"4he", "l", "lo"}));
  EXPECT_EQ(c.read(), "4hello");
  ASSERT_TRUE(c.ping("are you there"));
  ASSERT_TRUE(c.write("4after"));
  EXPECT_EQ(c.read(), "4after");
  EXPECT_EQ(c.pongs(), 1);
  EXPECT_TRUE(c.close());  // the server answers the close frame
  EXPECT_TRUE(lb.wait_sessions(0));
}

// More than one turn's worth of input at once (400 KB): read over several turns, every message
// echoed in order.
TEST(WebSocket, ALargeBurstIsReadOverSeveralTurnsInOrder) {
  loopback lb(fast_options());
  ws_client c(lb.port(), ws_target);
  ASSERT_TRUE(c.read());
  std::string burst;
  for (int i = 0; i < 400; ++i) {
    std::string text = "4" + std::to_string(i) + std::string(1000, 'x');
    text.resize(1001);
    burst += std::string("\x81\xFE\x03\xE9\0\0\0\0", 8) + text;  // 1001 bytes, zero mask
  }
  ASSERT_TRUE(c.write_raw(burst));
  for (int i = 0; i < 400; ++i) {
    auto echo = c.read();
    ASSERT_TRUE(echo) << i;
    EXPECT_EQ(echo->substr(0, 1 + std::to_string(i).size()), "4" + std::to_string(i));
  }
}

// More than the socket takes at once, in payloads only the send queue owns: what is left
// over is kept and written later, byte for byte.
TEST(WebSocket, WhatTheSocketDoesNotTakeAtOnceIsWrittenLater) {
  loopback lb(fast_options(), [](std::shared_ptr<socket> s) {
    s->set_listener(
        std::make_shared<testing::echo_listener>(s, std::make_shared<testing::close_log>()));
    for (int i = 0; i < 40; ++i) s->send(text_message(std::string(64 * 1024, char('a' + i % 26))));
  });
  ws_client c(lb.port(), ws_target);
  ASSERT_TRUE(c.read());  // open
  for (int i = 0; i < 40; ++i) {
    auto m = c.read();
    ASSERT_TRUE(m) << i;
    EXPECT_EQ(*m, "4" + std::string(64 * 1024, char('a' + i % 26))) << i;
  }
}

// Frames that break RFC 6455 end that connection with the close code that says why.
TEST(WebSocket, ProtocolViolationsCloseWithTheirCode) {
  struct {
    std::string bytes;
    unsigned code;
  } const cases[] = {
      {std::string("\x81\x02\x34\x78", 4), 1002},  // unmasked
      {std::string("\xC1\x80\0\0\0\0", 6), 1002},  // RSV1 set
      {std::string("\x83\x80\0\0\0\0", 6), 1002},  // opcode 3
      {std::string("\x09\x80\0\0\0\0", 6), 1002},  // fragmented ping
      {std::string("\x80\x80\0\0\0\0", 6), 1002},  // continues nothing
      {std::string("\x81\x83\0\0\0\0"
                   "4\xC0\x80",
                   9),
       1007},                                              // overlong UTF-8
      {std::string("\x81\xFE\x01\x00\0\0\0\0", 8), 1009},  // 256 bytes > 100
  };
  options o = fast_options();
  o.max_payload = 100;
  loopback lb(o);
  for (const auto& k : cases) {
    ws_client c(lb.port(), ws_target);
    ASSERT_TRUE(c.read());
    ASSERT_TRUE(c.write_raw(k.bytes));
    EXPECT_FALSE(c.read(1s));
    EXPECT_TRUE(c.closed());
    EXPECT_EQ(c.close_code(), k.code) << k.code;
  }
  EXPECT_TRUE(lb.wait_sessions(0));
}

TEST(WebSocket, MessageOverMaxPayloadClosesThatConnectionOnly) {
  options o = fast_options();
  o.max_payload = 100;
  loopback lb(o);
  ws_client other(lb.port(), ws_target);
  ASSERT_TRUE(other.read());
  ws_client c(lb.port(), ws_target);
  ASSERT_TRUE(c.read());
  ASSERT_TRUE(c.write("4" + std::string(200, 'x')));
  EXPECT_FALSE(c.read(1s));
  EXPECT_TRUE(c.closed());
  ASSERT_TRUE(other.write("4still"));
  EXPECT_EQ(other.read(), "4still");
}

TEST(WebSocket, SlowConsumerIsClosed) {
  options o = fast_options();
  o.max_send_queue_bytes = 64 * 1024;
  loopback lb(o, [](std::shared_ptr<socket> s) {
    s->set_listener(
        std::make_shared<testing::echo_listener>(s, std::make_shared<testing::close_log>()));
    const auto chunk =
        text_message(std::string(10 * 1024, 'x'));  // one buffer shared by every send
    for (int i = 0; i < 100; ++i) s->send(chunk);
  });
  ws_client c(lb.port(), ws_target);
  ASSERT_TRUE(c.ok());
  int received = 0;
  while (c.read(1s)) ++received;
  EXPECT_TRUE(c.closed());
  EXPECT_LT(received, 100);
}

TEST(WebSocket, UpgradesFromPolling) {
  loopback lb(fast_options());
  const std::string sid = lb.open_polling();
  ASSERT_EQ(sid.size(), 20u);
  ws_client c(lb.port(), ws_target + "&sid=" + sid);
  ASSERT_TRUE(c.ok());
  ASSERT_TRUE(c.write("2probe"));
  EXPECT_EQ(c.read(), "3probe");
  auto poll = lb.get("/engine.io/?EIO=4&transport=polling&sid=" + sid);
  EXPECT_EQ(poll.body(), "6");  // ends polling so the client can pause it
  ASSERT_TRUE(c.write("5"));
  ASSERT_TRUE(c.write("4hello"));
  EXPECT_EQ(c.read(), "4hello");
  EXPECT_EQ(lb.get("/engine.io/?EIO=4&transport=polling&sid=" + sid).result(),
            bhttp::status::bad_request);
  ws_client again(lb.port(), ws_target + "&sid=" + sid);  // a second upgrade is refused
  EXPECT_FALSE(again.read(1s));
  EXPECT_TRUE(again.closed());
  ASSERT_TRUE(c.write("4still"));
  EXPECT_EQ(c.read(), "4still");
}

TEST(WebSocket, RefusedUpgradesGetTheProtocolErrors) {
  loopback lb(fast_options());
  struct row {
    std::string target;
    std::string body;
  };
  const row rows[] = {
      {"/engine.io/?EIO=4&transport=abc", R"({"code":0,"message":"Transport unknown"})"},
      {"/engine.io/?EIO=4&transport=polling", R"({"code":3,"message":"Bad request"})"},
      {"/engine.io/?EIO=3&transport=websocket",
       R"({"code":5,"message":"Unsupported protocol version"})"},
      {"/engine.io/?EIO=4&transport=websocket&sid=nope",
       R"({"code":1,"message":"Session ID unknown"})"},
  };
  for (const auto& r : rows) {
    ws_client c(lb.port(), r.target);
    EXPECT_FALSE(c.ok()) << r.target;
    EXPECT_EQ(c.status(), 400u) << r.target;
    EXPECT_EQ(c.body(), r.body) << r.target;
  }
}

TEST(WebSocket, ShutdownClosesWebSocketSessions) {
  loopback lb(fast_options());
  ws_client c(lb.port(), ws_target);
  ASSERT_TRUE(c.read());
  lb.eio().shutdown();
  EXPECT_FALSE(c.read(1s));
  EXPECT_TRUE(c.closed());
  EXPECT_TRUE(lb.wait_sessions(0));
}

TEST(WebSocket, ClosedSessionsAndTransportsAreDestroyed) {
  std::vector<std::weak_ptr<socket>> sockets;
  std::mutex m;
  {
    loopback lb(fast_options(), [&](std::shared_ptr<socket> s) {
      std::lock_guard lock(m);
      sockets.push_back(s);
      s->set_listener(
          std::make_shared<testing::echo_listener>(s, std::make_shared<testing::close_log>()));
    });
    ws_client direct(lb.port(), ws_target);
    ASSERT_TRUE(direct.read());
    const std::string sid = lb.open_polling();
    ws_client upgraded(lb.port(), ws_target + "&sid=" + sid);
    ASSERT_TRUE(upgraded.write("2probe"));
    ASSERT_EQ(upgraded.read(), "3probe");
    ASSERT_TRUE(upgraded.write("5"));
    ASSERT_TRUE(direct.write("1"));
    EXPECT_FALSE(direct.read(1s));
    ASSERT_TRUE(lb.wait_sessions(1));
  }  // shutdown closes the upgraded one
  std::lock_guard lock(m);
  ASSERT_EQ(sockets.size(), 2u);
  for (auto& w : sockets) EXPECT_TRUE(w.expired());
}

}  // namespace
}  // namespace parley::engineio
