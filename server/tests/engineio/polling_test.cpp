// The Engine.IO endpoint over long-polling, driven without sockets: handshake, the protocol's
// HTTP errors, batching, heartbeats, close, overlap, limits, CORS, shutdown.
#include <gtest/gtest.h>

#include <algorithm>

#include "eio_harness.hpp"

namespace parley::engineio {
namespace {

using namespace std::chrono_literals;
using bhttp::verb;
using testing::harness;

options fast_options() {
  options o;
  o.ping_interval = 300ms;
  o.ping_timeout = 200ms;
  return o;
}

TEST(Polling, HandshakeAnswersOpenPacket) {
  harness h(fast_options());
  auto res = h.call(verb::get, "/engine.io/?EIO=4&transport=polling");
  EXPECT_EQ(res.result(), bhttp::status::ok);
  EXPECT_EQ(res[bhttp::field::content_type], "text/plain; charset=UTF-8");
  const std::string& b = res.body();
  ASSERT_EQ(b.substr(0, 8), R"(0{"sid":)");
  const std::string sid = b.substr(9, 20);
  EXPECT_EQ(
      b,
      R"(0{"sid":")" + sid +
          R"(","upgrades":["websocket"],"pingInterval":300,"pingTimeout":200,"maxPayload":1000000})");
  EXPECT_EQ(h.srv().session_count(), 1u);
}

TEST(Polling, ProtocolErrorsMatchTheReferenceServer) {
  harness h(fast_options());
  struct row {
    verb method;
    std::string target;
    bhttp::status status;
    std::string body;
  };
  const std::string e0 = R"({"code":0,"message":"Transport unknown"})";
  const std::string e1 = R"({"code":1,"message":"Session ID unknown"})";
  const std::string e2 = R"({"code":2,"message":"Bad handshake method"})";
  const std::string e3 = R"({"code":3,"message":"Bad request"})";
  const std::string e5 = R"({"code":5,"message":"Unsupported protocol version"})";
  const row rows[] = {
      {verb::get, "/engine.io/?EIO=4", bhttp::status::bad_request, e0},
      {verb::get, "/engine.io/?EIO=4&transport=abc", bhttp::status::bad_request, e0},
      {verb::get, "/engine.io/?EIO=4&transport=constructor", bhttp::status::bad_request, e0},
      {verb::get, "/engine.io/?EIO=4&transport=polling&sid=nope", bhttp::status::bad_request, e1},
      {verb::post, "/engine.io/?EIO=4&transport=polling", bhttp::status::bad_request, e2},
      {verb::put, "/engine.io/?EIO=4&transport=polling", bhttp::status::bad_request, e2},
      {verb::get, "/engine.io/?EIO=4&transport=websocket", bhttp::status::bad_request, e3},
      {verb::get, "/engine.io/?transport=polling", bhttp::status::bad_request, e5},
      {verb::get, "/engine.io/?EIO=3&transport=polling", bhttp::status::bad_request, e5},
      {verb::get, "/engine.io/?EIO=abc&transport=polling", bhttp::status::bad_request, e5},
  };
  for (const auto& r : rows) {
    auto res = h.call(r.method, r.target);
    EXPECT_EQ(res.result(), r.status) << r.target;
    EXPECT_EQ(res.body(), r.body) << r.target;
    EXPECT_EQ(res[bhttp::field::content_type], "application/json") << r.target;
  }
  EXPECT_EQ(h.srv().session_count(), 0u);
}

TEST(Polling, EchoesTextAndBinaryBatches) {
  harness h(fast_options());
  const std::string sid = h.open_polling();
  ASSERT_EQ(sid.size(), 20u);
  auto post = h.call(verb::post, harness::polling(sid),
                     "4hello\x1e"
                     "bAQIDBA==\x1e"
                     "4x");
  EXPECT_EQ(post.result(), bhttp::status::ok);
  EXPECT_EQ(post.body(), "ok");
  EXPECT_EQ(post[bhttp::field::content_type], "text/html");
  auto get = h.call(verb::get, harness::polling(sid));
  EXPECT_EQ(get.body(),
            "4hello\x1e"
            "bAQIDBA==\x1e"
            "4x");
}

TEST(Polling, HeldGetIsAnsweredWhenDataArrives) {
  harness h(fast_options());
  const std::string sid = h.open_polling();
  auto get = h.start(verb::get, harness::polling(sid));
  h.run_for(50ms);
  EXPECT_FALSE(get.ready());
  EXPECT_EQ(h.call(verb::post, harness::polling(sid), "4late").body(), "ok");
  ASSERT_TRUE(h.wait(get));
  EXPECT_EQ(get.get().body(), "4late");
}

TEST(Polling, PingPongKeepsTheSessionAlive) {
  harness h(fast_options());
  const std::string sid = h.open_polling();
  for (int i = 0; i < 3; ++i) {
    auto get = h.start(verb::get, harness::polling(sid));
    ASSERT_TRUE(h.wait(get, 1s));
    EXPECT_EQ(get.get().body(), "2");
    EXPECT_EQ(h.call(verb::post, harness::polling(sid), "3").body(), "ok");
  }
  EXPECT_TRUE(h.closes().empty());
}

TEST(Polling, SilentClientTimesOut) {
  harness h(fast_options());
  const std::string sid = h.open_polling();
  ASSERT_TRUE(h.run_until([&] { return !h.closes().empty(); }, 2s));
  EXPECT_EQ(h.closes(), std::vector<std::string>{"ping timeout"});
  EXPECT_EQ(h.call(verb::get, harness::polling(sid)).result(), bhttp::status::bad_request);
  EXPECT_EQ(h.srv().session_count(), 0u);
}

TEST(Polling, ClosePacketEndsHeldGetWithNoop) {
  harness h(fast_options());
  const std::string sid = h.open_polling();
  auto get = h.start(verb::get, harness::polling(sid));
  EXPECT_EQ(h.call(verb::post, harness::polling(sid), "1").body(), "ok");
  ASSERT_TRUE(h.wait(get));
  EXPECT_EQ(get.get().body(), "6");
  EXPECT_EQ(h.closes(), std::vector<std::string>{"transport close"});
  EXPECT_EQ(h.call(verb::get, harness::polling(sid)).result(), bhttp::status::bad_request);
}

TEST(Polling, OverlappingGetsCloseTheSession) {
  harness h(fast_options());
  const std::string sid = h.open_polling();
  auto first = h.start(verb::get, harness::polling(sid));
  h.run_for(20ms);
  auto second = h.call(verb::get, harness::polling(sid) + "&t=burst");
  EXPECT_EQ(second.result(), bhttp::status::bad_request);
  ASSERT_TRUE(h.wait(first));
  EXPECT_EQ(first.get().body(), "1");
  EXPECT_EQ(h.closes(), std::vector<std::string>{"transport error"});
}

TEST(Polling, MalformedPayloadClosesTheSession) {
  harness h(fast_options());
  const std::string sid = h.open_polling();
  EXPECT_EQ(h.call(verb::post, harness::polling(sid), "abc").result(), bhttp::status::bad_request);
  EXPECT_EQ(h.closes(), std::vector<std::string>{"parse error"});
  EXPECT_EQ(h.call(verb::get, harness::polling(sid)).result(), bhttp::status::bad_request);
}

TEST(Polling, ClientPingIsAnError) {
  harness h(fast_options());
  const std::string sid = h.open_polling();
  h.call(verb::post, harness::polling(sid), "2");
  EXPECT_EQ(h.closes(), std::vector<std::string>{"transport error"});
}

TEST(Polling, OversizedPostIs413AndClosesTheSession) {
  options o = fast_options();
  o.max_payload = 100;
  harness h(o);
  EXPECT_EQ(h.srv().body_limit({}), 100u);
  const std::string sid = h.open_polling();
  auto res = h.call(verb::post, harness::polling(sid), "4" + std::string(100, 'x'));
  EXPECT_EQ(res.result(), bhttp::status::payload_too_large);
  EXPECT_EQ(h.closes(), std::vector<std::string>{"transport error"});
}

TEST(Polling, SlowConsumerIsClosed) {
  options o = fast_options();
  o.max_send_queue_bytes = 1000;
  harness h(o);
  const std::string sid = h.open_polling();
  // Echoes pile up because nobody polls: 11 x 101 bytes > 1000.
  for (int i = 0; i < 11; ++i)
    h.call(verb::post, harness::polling(sid), "4" + std::string(100, 'x'));
  EXPECT_EQ(h.closes(), std::vector<std::string>{"transport error"});
  EXPECT_EQ(h.srv().session_count(), 0u);
}

TEST(Polling, ServerCloseFlushesThenSendsClose) {
  harness h(fast_options());
  std::shared_ptr<socket> sock;
  h.srv().on_connection([&](std::shared_ptr<socket> s) {
    sock = s;
    s->set_listener(
        std::make_shared<testing::echo_listener>(s, std::make_shared<testing::close_log>()));
  });
  const std::string sid = h.open_polling();
  ASSERT_TRUE(sock);
  EXPECT_EQ(sock->id(), sid);
  EXPECT_EQ(sock->transport(), "polling");
  sock->send(text_message("bye"));
  sock->close();
  auto get = h.call(verb::get, harness::polling(sid));
  EXPECT_EQ(get.body(),
            "4bye\x1e"
            "1");
  EXPECT_EQ(h.srv().session_count(), 0u);
  sock->send(text_message("dropped"));  // after close: ignored, no crash
}

TEST(Polling, CorsForAnyOriginAndPreflight) {
  options o = fast_options();
  o.cors_origins = {"*"};
  harness h(o);
  auto res = h.call(verb::get, "/engine.io/?EIO=4&transport=polling", {},
                    {{bhttp::field::origin, "https://a.example"}});
  EXPECT_EQ(res[bhttp::field::access_control_allow_origin], "*");
  auto err = h.call(verb::get, "/engine.io/?EIO=4&transport=abc");
  EXPECT_EQ(err[bhttp::field::access_control_allow_origin], "*");  // errors carry CORS too
  auto pre = h.call(verb::options, "/engine.io/?EIO=4&transport=polling", {},
                    {{bhttp::field::origin, "https://a.example"},
                     {bhttp::field::access_control_request_headers, "content-type"}});
  EXPECT_EQ(pre.result(), bhttp::status::no_content);
  EXPECT_EQ(pre[bhttp::field::access_control_allow_headers], "content-type");
  EXPECT_NE(pre[bhttp::field::access_control_allow_methods].find("POST"), std::string::npos);
}

TEST(Polling, CorsForListedOriginsOnly) {
  options o = fast_options();
  o.cors_origins = {"https://ok.example"};
  harness h(o);
  auto ok = h.call(verb::get, "/engine.io/?EIO=4&transport=polling", {},
                   {{bhttp::field::origin, "https://ok.example"}});
  EXPECT_EQ(ok[bhttp::field::access_control_allow_origin], "https://ok.example");
  EXPECT_EQ(ok[bhttp::field::access_control_allow_credentials], "true");
  auto other = h.call(verb::get, "/engine.io/?EIO=4&transport=polling", {},
                      {{bhttp::field::origin, "https://evil.example"}});
  EXPECT_EQ(other.count(bhttp::field::access_control_allow_origin), 0u);
  auto pre = h.call(verb::options, "/engine.io/?EIO=4&transport=polling", {},
                    {{bhttp::field::origin, "https://evil.example"}});
  EXPECT_EQ(pre.result(), bhttp::status::bad_request);
}

TEST(Polling, ShutdownClosesSessionsAndRefusesNewOnes) {
  harness h(fast_options());
  const std::string sid = h.open_polling();
  auto get = h.start(verb::get, harness::polling(sid));
  h.srv().shutdown();
  ASSERT_TRUE(h.wait(get));
  EXPECT_EQ(get.get().body(), "1");
  EXPECT_EQ(h.closes(), std::vector<std::string>{"server shutting down"});
  EXPECT_EQ(h.call(verb::get, "/engine.io/?EIO=4&transport=polling").result(),
            bhttp::status::forbidden);
  EXPECT_EQ(h.srv().session_count(), 0u);
}

TEST(Polling, ShutdownDoesNotWaitForAnIdlePollingClient) {
  harness h(fast_options());
  h.open_polling();
  h.open_polling();
  h.srv().shutdown();
  ASSERT_TRUE(h.run_until([&] { return h.closes().size() == 2; }, 100ms));
  EXPECT_EQ(h.srv().session_count(), 0u);
}

TEST(Polling, UpgradesCanBeDisabled) {
  options o = fast_options();
  o.allow_upgrades = false;
  harness h(o);
  auto res = h.call(verb::get, "/engine.io/?EIO=4&transport=polling");
  EXPECT_NE(res.body().find(R"("upgrades":[])"), std::string::npos);
}

TEST(Polling, PollingCanBeDisabled) {
  options o = fast_options();
  o.allow_polling = false;
  harness h(o);
  auto res = h.call(verb::get, "/engine.io/?EIO=4&transport=polling");
  EXPECT_EQ(res.body(), R"({"code":0,"message":"Transport unknown"})");
}

TEST(Polling, ClosedSessionsAreDestroyed) {
  harness h(fast_options());
  std::vector<std::weak_ptr<socket>> sockets;
  h.srv().on_connection([&](std::shared_ptr<socket> s) {
    sockets.push_back(s);
    s->set_listener(
        std::make_shared<testing::echo_listener>(s, std::make_shared<testing::close_log>()));
  });
  const std::string a = h.open_polling(), b = h.open_polling(), c = h.open_polling();
  auto held = h.start(verb::get, harness::polling(a));  // closed while a GET is held
  h.call(verb::post, harness::polling(b), "1");         // closed by the client
  ASSERT_EQ(sockets.size(), 3u);                        // c: closed by ping timeout
  ASSERT_TRUE(h.run_until(
      [&] {
        return std::all_of(sockets.begin(), sockets.end(), [](auto& w) { return w.expired(); });
      },
      2s))
      << "a session outlived its close";
  EXPECT_TRUE(held.ready());
  EXPECT_EQ(h.srv().session_count(), 0u);
}

}  // namespace
}  // namespace parley::engineio
