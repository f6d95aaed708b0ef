// Rooms, broadcasts and the one-socket relay path, including concurrent use.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <thread>

#include "harness.hpp"

namespace parley::socketio {
namespace {

using testing::fake_conn;
using testing::harness;

struct room_world {
  harness h;
  std::vector<std::shared_ptr<fake_conn>> conns;
  std::vector<std::shared_ptr<socket>> sockets;

  explicit room_world(int n) {
    h.io.of("/").on_connection([this](const std::shared_ptr<socket>& s) { sockets.push_back(s); });
    for (int i = 0; i < n; ++i) {
      conns.push_back(h.open("eio" + std::to_string(i)));
      h.send(conns.back(), "0");
      conns.back()->clear_sent();
    }
  }
  nsp& root() { return h.io.of("/"); }
  std::vector<std::string> got(int i) { return conns[i]->sent_text(); }
  void clear() {
    for (auto& c : conns) c->clear_sent();
  }
};

TEST(Rooms, JoinLeaveAndMembership) {
  room_world w(2);
  auto& s = w.sockets[0];
  s->join("a");
  s->join("a");
  s->join("b");
  auto rooms = s->rooms();
  std::sort(rooms.begin(), rooms.end());
  EXPECT_EQ(rooms, (std::vector<std::string>{"a", "b"}));
  EXPECT_TRUE(s->in_room("a"));
  EXPECT_FALSE(w.sockets[1]->in_room("a"));
  EXPECT_EQ(w.root().room_count(), 2u);
  s->leave("a");
  s->leave("never-joined");
  EXPECT_FALSE(s->in_room("a"));
  EXPECT_EQ(w.root().room_count(), 1u);
}

TEST(Rooms, BroadcastSelection) {
  room_world w(4);
  w.sockets[0]->join("r");
  w.sockets[1]->join("r");
  w.sockets[2]->join("r");
  w.sockets[2]->join("s");
  w.sockets[3]->join("s");

  struct sel_case {
    std::string name;
    std::function<void()> emit;
    std::vector<int> receivers;
  };
  const std::vector<sel_case> cases = {
      {"room", [&] { w.root().to("r").emit("x"); }, {0, 1, 2}},
      {"room except sender", [&] { w.sockets[0]->to("r").emit("x"); }, {1, 2}},
      {"room except id", [&] { w.root().to("r").except(w.sockets[1]->id()).emit("x"); }, {0, 2}},
      {"room except room", [&] { w.root().to("r").except("s").emit("x"); }, {0, 1}},
      {"union without duplicates", [&] { w.root().to("r").to("s").emit("x"); }, {0, 1, 2, 3}},
      {"whole namespace", [&] { w.root().emit("x"); }, {0, 1, 2, 3}},
      {"broadcast from a socket", [&] { w.sockets[3]->broadcast().emit("x"); }, {0, 1, 2}},
      {"empty room", [&] { w.root().to("nobody").emit("x"); }, {}},
  };
  for (const auto& c : cases) {
    w.clear();
    c.emit();
    w.h.drain();
    for (int i = 0; i < 4; ++i) {
      bool expected = std::count(c.receivers.begin(), c.receivers.end(), i) > 0;
      EXPECT_EQ(w.got(i),
                expected ? std::vector<std::string>{R"(2["x"])"} : std::vector<std::string>{})
          << c.name << " socket " << i;
    }
  }
}

TEST(Rooms, BroadcastIsEncodedOnce) {
  room_world w(3);
  w.root().emit("shared", {json::object{{"big", std::string(1000, 'x')}}});
  w.h.drain();
  auto a = w.conns[0]->sent();
  auto b = w.conns[2]->sent();
  ASSERT_EQ(a.size(), 1u);
  ASSERT_EQ(b.size(), 1u);
  EXPECT_EQ(a[0].data.get(), b[0].data.get());
}

TEST(Rooms, RelayToOneSocketById) {
  room_world w(3);
  EXPECT_TRUE(w.root().emit_to(w.sockets[2]->id(), "offer", {json::object{{"sdp", "v=0"}}}));
  EXPECT_FALSE(w.root().emit_to("no-such-socket-id-xx", "offer"));
  w.h.drain();
  EXPECT_EQ(w.got(2), std::vector<std::string>{R"(2["offer",{"sdp":"v=0"}])"});
  EXPECT_TRUE(w.got(0).empty());
  EXPECT_EQ(w.root().find(w.sockets[1]->id()), w.sockets[1]);
  EXPECT_EQ(w.root().find("unknown"), nullptr);
}

TEST(Rooms, DisconnectLeavesRoomsAndLateJoinsAreIgnored) {
  room_world w(2);
  auto s = w.sockets[0];
  s->join("r");
  s->disconnect();
  w.h.drain();
  EXPECT_EQ(w.root().room_count(), 0u);
  s->join("r");  // after disconnect: no membership can leak
  EXPECT_EQ(w.root().room_count(), 0u);
  EXPECT_EQ(w.root().to("r").sockets().size(), 0u);
  EXPECT_EQ(w.root().find(s->id()), nullptr);
}

TEST(Rooms, DisconnectSocketsOfARoom) {
  room_world w(3);
  w.sockets[0]->join("meeting");
  w.sockets[1]->join("meeting");
  w.root().to("meeting").disconnect_sockets();
  w.h.drain();
  EXPECT_FALSE(w.sockets[0]->connected());
  EXPECT_FALSE(w.sockets[1]->connected());
  EXPECT_TRUE(w.sockets[2]->connected());
  EXPECT_EQ(w.got(0), std::vector<std::string>{"1"});
}

TEST(Rooms, ConcurrentEmitsKeepBinaryPacketsWhole) {
  room_world w(1);
  auto target = w.sockets[0];
  constexpr int threads = 4, per_thread = 200;
  std::vector<std::thread> pool;
  std::atomic<bool> go{false};
  for (int t = 0; t < threads; ++t) {
    pool.emplace_back([&, t] {
      while (!go) std::this_thread::yield();
      for (int i = 0; i < per_thread; ++i) {
        payload p;
        json::value a = p.add_binary("A" + std::to_string(t));
        json::value b = p.add_binary("B" + std::to_string(t));
        p.args = {t, a, b};
        target->emit("bin", std::move(p));
        target->emit("txt", {t});
      }
    });
  }
  std::atomic<bool> done{false};
  std::thread io([&] {
    auto guard = net::make_work_guard(w.h.ioc);
    w.h.ioc.restart();
    while (!done) w.h.ioc.run_for(std::chrono::milliseconds(10));
  });
  go = true;
  for (auto& th : pool) th.join();
  done = true;
  io.join();
  w.h.drain();
  auto sent = w.got(0);
  ASSERT_EQ(sent.size(), static_cast<std::size_t>(threads * per_thread * 4));
  for (std::size_t i = 0; i < sent.size(); ++i) {
    if (!sent[i].starts_with("52-")) continue;
    std::string t = sent[i].substr(sent[i].find(',') + 1, 1);
    ASSERT_LT(i + 2, sent.size());
    EXPECT_EQ(sent[i + 1], "<bin>A" + t) << i;
    EXPECT_EQ(sent[i + 2], "<bin>B" + t) << i;
  }
}

TEST(Rooms, ConcurrentJoinLeaveAndBroadcast) {
  room_world w(8);
  std::atomic<bool> stop{false};
  std::vector<std::thread> pool;
  for (int t = 0; t < 4; ++t) {
    pool.emplace_back([&, t] {
      for (int i = 0; i < 2000; ++i) {
        auto& s = w.sockets[(t * 2 + i) % 8];
        s->join("r" + std::to_string(i % 3));
        w.root().to("r" + std::to_string(i % 3)).except(s->id()).emit("x");
        s->leave("r" + std::to_string(i % 3));
      }
    });
  }
  std::thread io([&] {
    auto guard = net::make_work_guard(w.h.ioc);
    w.h.ioc.restart();
    while (!stop) w.h.ioc.run_for(std::chrono::milliseconds(10));
  });
  for (auto& th : pool) th.join();
  stop = true;
  io.join();
  w.h.drain();
  EXPECT_EQ(w.root().room_count(), 0u);
  EXPECT_EQ(w.root().size(), 8u);
}

}  // namespace
}  // namespace parley::socketio
