// Connection life cycle, namespaces, events, acks and middleware over in-memory connections.
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <thread>

#include "harness.hpp"

namespace parley::socketio {
namespace {

using testing::harness;
using namespace std::chrono_literals;

// The JSON after a "0" / "0/nsp," CONNECT reply.
json::object connect_reply(const std::string& text, std::string_view prefix) {
  EXPECT_TRUE(text.starts_with(prefix)) << text;
  return json::parse(text.substr(prefix.size())).as_object();
}

// A server with the fixture's behaviour on "/" and "/custom".
void install_echo(nsp& n) {
  n.on_connection([](const std::shared_ptr<socket>& s) {
    s->emit("auth", {s->handshake().auth});
    std::weak_ptr<socket> weak = s;
    s->on("message", [weak](payload args, ack) {
      if (auto self = weak.lock()) self->emit("message-back", std::move(args));
    });
    s->on("message-with-ack", [](payload args, ack reply) { reply(std::move(args)); });
  });
}

TEST(Server, ConnectsToTheMainNamespaceWithADistinctSid) {
  harness h;
  install_echo(h.io.of("/"));
  auto c = h.open();
  h.send(c, "0");
  auto sent = c->sent_text();
  ASSERT_EQ(sent.size(), 2u);
  auto reply = connect_reply(sent[0], "0");
  ASSERT_EQ(reply.size(), 1u);
  std::string sid(reply.at("sid").as_string());
  EXPECT_EQ(sid.size(), 20u);
  EXPECT_NE(sid, c->id());
  EXPECT_EQ(sent[1], R"(2["auth",{}])");
  EXPECT_EQ(h.io.of("/").size(), 1u);
  EXPECT_NE(h.io.of("/").find(sid), nullptr);
}

TEST(Server, PassesTheConnectPayloadAsAuth) {
  harness h;
  install_echo(h.io.of("/"));
  install_echo(h.io.of("/custom"));
  auto c = h.open();
  h.send(c, R"(0{"token":"123"})");
  h.send(c, R"(0/custom,{"token":"abc"})");
  auto sent = c->sent_text();
  ASSERT_EQ(sent.size(), 4u);
  EXPECT_EQ(sent[1], R"(2["auth",{"token":"123"}])");
  connect_reply(sent[2], "0/custom,");
  EXPECT_EQ(sent[3], R"(2/custom,["auth",{"token":"abc"}])");
}

TEST(Server, RefusesAnUnknownNamespaceButKeepsTheConnection) {
  harness h;
  install_echo(h.io.of("/"));
  auto c = h.open();
  h.send(c, "0/random");
  EXPECT_EQ(c->sent_text(),
            std::vector<std::string>{R"(4/random,{"message":"Invalid namespace"})"});
  EXPECT_FALSE(c->closed());
  h.send(c, "0");
  EXPECT_EQ(c->sent_text().size(), 3u);
}

TEST(Server, EchoesEventsAndAcksBothTextAndBinary) {
  harness h;
  install_echo(h.io.of("/"));
  auto c = h.open();
  h.send(c, "0");
  c->clear_sent();
  h.send(c, R"(2["message",1,"2",{"3":[true]}])");
  h.send(c, R"(2456["message-with-ack",1,"2",{"3":[false]}])");
  c->receive(
      R"(52-789["message-with-ack",{"_placeholder":true,"num":0},{"_placeholder":true,"num":1}])");
  c->receive("\x01\x02\x03", true);
  c->receive("\x04\x05\x06", true);
  c->receive(R"(51-["message",{"_placeholder":true,"num":0}])");
  c->receive("xyz", true);
  h.drain();
  const std::vector<std::string> expected = {
      R"(2["message-back",1,"2",{"3":[true]}])",
      R"(3456[1,"2",{"3":[false]}])",
      R"(62-789[{"_placeholder":true,"num":0},{"_placeholder":true,"num":1}])",
      "<bin>\x01\x02\x03",
      "<bin>\x04\x05\x06",
      R"(51-["message-back",{"_placeholder":true,"num":0}])",
      "<bin>xyz",
  };
  EXPECT_EQ(c->sent_text(), expected);
  EXPECT_FALSE(c->closed());
}

TEST(Server, ServerEmitWithAckGetsTheClientsReply) {
  harness h;
  std::shared_ptr<socket> server_side;
  h.io.of("/chat").on_connection([&](const std::shared_ptr<socket>& s) { server_side = s; });
  auto c = h.open();
  h.send(c, "0/chat,");
  ASSERT_TRUE(server_side);
  c->clear_sent();
  std::vector<json::array> replies;
  server_side->emit("question", {1, "x"}, [&](payload reply) { replies.push_back(reply.args); });
  server_side->emit("question", {2}, [&](payload reply) { replies.push_back(reply.args); });
  h.drain();
  EXPECT_EQ(c->sent_text(), (std::vector<std::string>{R"(2/chat,0["question",1,"x"])",
                                                      R"(2/chat,1["question",2])"}));
  h.send(c, R"(3/chat,1["second"])");
  h.send(c, R"(3/chat,0["first"])");
  h.send(c, R"(3/chat,0["again"])");  // answered already: ignored
  ASSERT_EQ(replies.size(), 2u);
  EXPECT_EQ(replies[0], json::array({"second"}));
  EXPECT_EQ(replies[1], json::array({"first"}));
}

TEST(Server, BinaryAckFromClientReachesTheCallback) {
  harness h;
  std::shared_ptr<socket> server_side;
  h.io.of("/").on_connection([&](const std::shared_ptr<socket>& s) { server_side = s; });
  auto c = h.open();
  h.send(c, "0");
  payload got;
  server_side->emit("q", {}, [&](payload reply) { got = std::move(reply); });
  h.drain();
  c->receive(R"(61-0[{"_placeholder":true,"num":0}])");
  c->receive("bytes", true);
  h.drain();
  ASSERT_EQ(got.args.size(), 1u);
  ASSERT_NE(got.binary_of(got.args[0]), nullptr);
  EXPECT_EQ(*got.binary_of(got.args[0]), "bytes");
}

TEST(Server, MalformedPacketClosesOnlyThatConnection) {
  std::vector<std::string> reasons;  // outlives the harness, whose teardown disconnects
  harness h;
  h.io.of("/").on_connection([&](const std::shared_ptr<socket>& s) {
    s->on_disconnect([&](std::string_view r) { reasons.emplace_back(r); });
  });
  auto bad = h.open("bad");
  auto good = h.open("good");
  h.send(bad, "0");
  h.send(good, "0");
  h.send(bad, "42{}");
  EXPECT_TRUE(bad->closed());
  EXPECT_TRUE(bad->close_called());
  EXPECT_FALSE(good->closed());
  EXPECT_EQ(reasons, std::vector<std::string>{"parse error"});
  EXPECT_EQ(h.io.of("/").size(), 1u);
}

TEST(Server, EachMalformedInputClosesTheConnection) {
  for (std::string bad : {"4abc", "2{}", R"(2abc["message-with-ack",1])", "9",
                          R"(4{"message":"x"})", R"(2["connect"])", ""}) {
    harness h;
    auto c = h.open();
    h.send(c, "0");
    h.send(c, bad);
    EXPECT_TRUE(c->closed()) << bad;
  }
}

TEST(Server, SecondConnectToTheSameNamespaceIsAProtocolError) {
  harness h;
  auto c = h.open();
  h.send(c, "0");
  h.send(c, "0");
  EXPECT_TRUE(c->closed());
}

TEST(Server, UnexpectedBinaryIsAProtocolError) {
  harness h;
  auto c = h.open();
  h.send(c, "0");
  c->receive("stray", true);
  h.drain();
  EXPECT_TRUE(c->closed());
}

TEST(Server, ConnectTimeoutClosesAnIdleConnectionOnly) {
  harness h({.connect_timeout = 50ms});
  auto idle = h.open("idle");
  auto active = h.open("active");
  h.send(active, "0");
  h.run_for(200ms);
  EXPECT_TRUE(idle->closed());
  EXPECT_FALSE(active->closed());
}

TEST(Server, ClientDisconnectLeavesTheNamespaceButNotTheConnection) {
  std::vector<std::string> reasons;  // outlives the harness, whose teardown disconnects
  harness h;
  install_echo(h.io.of("/"));
  install_echo(h.io.of("/custom"));
  h.io.of("/custom").on_connection([&](const std::shared_ptr<socket>& s) {
    s->join("room");
    s->on_disconnect([&](std::string_view r) { reasons.emplace_back(r); });
  });
  auto c = h.open();
  h.send(c, "0");
  h.send(c, "0/custom");
  c->clear_sent();
  h.send(c, "1/custom");
  h.send(c, R"(2["message","message to main namespace"])");
  EXPECT_EQ(c->sent_text(),
            std::vector<std::string>{R"(2["message-back","message to main namespace"])"});
  EXPECT_EQ(reasons, std::vector<std::string>{"client namespace disconnect"});
  EXPECT_EQ(h.io.of("/custom").size(), 0u);
  EXPECT_EQ(h.io.of("/custom").room_count(), 0u);
  EXPECT_FALSE(c->closed());
  h.send(c, "0/custom,");  // may connect again
  EXPECT_EQ(h.io.of("/custom").size(), 1u);
}

// docs/protocol.md "Socket.IO": like the reference server ("invalid state"), any packet but
// CONNECT for a namespace the client has not connected closes the whole connection.
TEST(Server, PacketForAnUnconnectedNamespaceClosesTheConnection) {
  harness h;
  install_echo(h.io.of("/"));
  install_echo(h.io.of("/custom"));
  for (const char* bad : {R"(2["message","before connect"])", R"(2/custom,["message","x"])",
                          "3/custom,0[]", "1/custom,"}) {
    auto c = h.open();
    if (std::string_view(bad).find("/custom") != std::string_view::npos) h.send(c, "0");
    h.send(c, bad);
    EXPECT_TRUE(c->closed()) << bad;
  }
  auto after_leave = h.open();
  h.send(after_leave, "0/custom,");
  h.send(after_leave, "1/custom,");
  EXPECT_FALSE(after_leave->closed());
  h.send(after_leave, R"(2/custom,["message","after leaving"])");
  EXPECT_TRUE(after_leave->closed());
}

TEST(Server, ServerDisconnectTellsTheClient) {
  harness h;
  std::shared_ptr<socket> s1;
  std::vector<std::string> reasons;
  h.io.of("/a").on_connection([&](const std::shared_ptr<socket>& s) {
    s1 = s;
    s->on_disconnect([&](std::string_view r) { reasons.emplace_back(r); });
  });
  auto c = h.open();
  h.send(c, "0/a,");
  c->clear_sent();
  std::thread([&] { s1->disconnect(); }).join();
  h.drain();
  EXPECT_EQ(c->sent_text(), std::vector<std::string>{"1/a,"});
  EXPECT_EQ(reasons, std::vector<std::string>{"server namespace disconnect"});
  EXPECT_FALSE(s1->connected());
  s1->emit("late");  // dropped
  s1->disconnect();  // idempotent
  h.drain();
  EXPECT_EQ(c->sent_text().size(), 1u);
  EXPECT_FALSE(c->closed());
  s1->disconnect(true);
  h.drain();
  EXPECT_TRUE(c->closed());
}

TEST(Server, TransportCloseDisconnectsEveryNamespace) {
  harness h;
  std::vector<std::string> reasons;
  auto track = [&](const std::shared_ptr<socket>& s) {
    s->join("r");
    s->on_disconnect([&](std::string_view r) { reasons.emplace_back(r); });
  };
  h.io.of("/").on_connection(track);
  h.io.of("/b").on_connection(track);
  auto c = h.open();
  h.send(c, "0");
  h.send(c, "0/b,");
  c->drop("transport close");
  h.drain();
  EXPECT_EQ(reasons, (std::vector<std::string>{"transport close", "transport close"}));
  EXPECT_EQ(h.io.of("/").size() + h.io.of("/b").size(), 0u);
  EXPECT_EQ(h.io.of("/").room_count() + h.io.of("/b").room_count(), 0u);
}

TEST(Server, AsyncMiddlewareMayContinueFromAnotherThread) {
  harness h;
  std::thread worker;
  h.io.of("/").use([&](const std::shared_ptr<socket>& s, nsp::next_fn next) {
    worker = std::thread([s, next] {
      std::this_thread::sleep_for(20ms);  // a "database lookup"
      s->data() = std::string("alice");   // allowed before next()
      next(std::nullopt);
    });
  });
  std::string user;
  h.io.of("/").on_connection(
      [&](const std::shared_ptr<socket>& s) { user = std::any_cast<std::string>(s->data()); });
  auto c = h.open();
  h.send(c, "0");
  EXPECT_TRUE(c->sent_text().empty());  // still waiting for the middleware
  worker.join();
  h.drain();
  ASSERT_EQ(c->sent_text().size(), 1u);
  connect_reply(c->sent_text()[0], "0");
  EXPECT_EQ(user, "alice");
}

TEST(Server, MiddlewareRefusalBecomesConnectError) {
  harness h;
  int second_ran = 0;
  h.io.of("/").use([](const std::shared_ptr<socket>& s, nsp::next_fn next) {
    s->join("sneaky");
    if (!s->handshake().auth.contains("token")) return next(connect_error{"unauthorized", nullptr});
    next(std::nullopt);
  });
  h.io.of("/").use([&](const std::shared_ptr<socket>&, nsp::next_fn next) {
    ++second_ran;
    next(connect_error{"nope", json::object{{"retry", false}}});
    next(std::nullopt);  // ignored: next is once-only
  });
  auto c = h.open();
  h.send(c, "0");
  h.send(c, R"(0{"token":"t"})");
  EXPECT_EQ(c->sent_text(),
            (std::vector<std::string>{R"(4{"message":"unauthorized"})",
                                      R"(4{"message":"nope","data":{"retry":false}})"}));
  EXPECT_EQ(second_ran, 1);
  EXPECT_EQ(h.io.of("/").size(), 0u);
  EXPECT_EQ(h.io.of("/").room_count(), 0u);
  EXPECT_FALSE(c->closed());
}

TEST(Server, MiddlewareThatThrowsRefusesTheConnection) {
  harness h;
  h.io.of("/").use(
      [](const std::shared_ptr<socket>&, nsp::next_fn) { throw std::runtime_error("boom"); });
  auto c = h.open();
  h.send(c, "0");
  EXPECT_EQ(c->sent_text(), std::vector<std::string>{R"(4{"message":"Internal server error"})"});
}

TEST(Server, ConnectionClosedWhileMiddlewarePendingIsDropped) {
  harness h;
  nsp::next_fn saved;
  int connections = 0;
  h.io.of("/").use([&](const std::shared_ptr<socket>&, nsp::next_fn next) { saved = next; });
  h.io.of("/").on_connection([&](const std::shared_ptr<socket>&) { ++connections; });
  auto c = h.open();
  h.send(c, "0");
  c->drop("transport close");
  h.drain();
  saved(std::nullopt);
  h.drain();
  EXPECT_EQ(connections, 0);
  EXPECT_EQ(h.io.of("/").size(), 0u);
}

TEST(Server, AckIsOnceOnlyAndSafeAfterDisconnect) {
  harness h;
  ack saved;
  h.io.of("/").on_connection([&](const std::shared_ptr<socket>& s) {
    s->on("slow", [&](payload, ack reply) { saved = reply; });
  });
  auto c = h.open();
  h.send(c, "0");
  h.send(c, R"(27["slow"])");
  h.send(c, R"(2["slow"])");  // no ack requested
  EXPECT_FALSE(saved);
  h.send(c, R"(28["slow"])");
  ASSERT_TRUE(saved);
  c->clear_sent();
  std::thread([&] { saved({"done"}); }).join();
  saved({"twice"});
  h.drain();
  EXPECT_EQ(c->sent_text(), std::vector<std::string>{R"(38["done"])"});
  c->drop("transport close");
  h.drain();
  ack late = saved;
  late({"after close"});  // dropped, no crash
}

TEST(Server, HandlerExceptionsAreContained) {
  harness h;
  h.io.of("/").on_connection([](const std::shared_ptr<socket>& s) {
    s->on("boom", [](payload, ack) { throw std::runtime_error("handler bug"); });
    s->on("ok", [weak = std::weak_ptr<socket>(s)](payload, ack) { weak.lock()->emit("fine"); });
  });
  auto c = h.open();
  h.send(c, "0");
  c->clear_sent();
  h.send(c, R"(2["boom"])");
  h.send(c, R"(2["ok"])");
  EXPECT_EQ(c->sent_text(), std::vector<std::string>{R"(2["fine"])"});
}

}  // namespace
}  // namespace parley::socketio

namespace parley::socketio {
namespace {

TEST(Server, NamespaceNamesAreNormalizedAndStable) {
  server io;
  EXPECT_NE(io.find("/"), nullptr);  // the main namespace always exists
  EXPECT_EQ(io.find("/chat"), nullptr);
  nsp& chat = io.of("chat");
  EXPECT_EQ(chat.name(), "/chat");
  EXPECT_EQ(&io.of("/chat"), &chat);
  EXPECT_EQ(io.find("/chat"), &chat);
}

}  // namespace
}  // namespace parley::socketio
