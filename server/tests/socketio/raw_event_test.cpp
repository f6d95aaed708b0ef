// socket::on_raw: events given to a handler as text before any DOM, and what each outcome
// does to the connection.
#include <gtest/gtest.h>

#include <boost/json/serialize.hpp>
#include <stdexcept>

#include "harness.hpp"
#include "socketio/event_scan.hpp"

namespace parley::socketio {
namespace {

using testing::harness;

/// A raw handler for "raw" that validates, records, and returns `outcome`'s choice.
struct raw_world {
  enum class then { handle, decline, throw_first };

  explicit raw_world(then t) : outcome(t) {
    h.io.of("/").on_connection([this](const std::shared_ptr<socket>& s) {
      s->on("raw", [this](payload args, ack reply) {
        dom_args.push_back(json::serialize(args.args));
        reply({true});
      });
      s->on_raw("raw", [this](const raw_event& ev, ack& reply) -> raw_result {
        if (outcome == then::throw_first) throw std::runtime_error("boom");
        texts.emplace_back(ev.json);
        scan_visitor none;
        scanned ok = scan(ev.json, none);
        if (!ok || outcome == then::handle) {
          if (ok) reply({"raw"});
          return ok;
        }
        return raw_result::declined();
      });
      s->on_raw("connect", [this](const raw_event&, ack&) -> raw_result {
        texts.emplace_back("reserved");
        return raw_result::declined();
      });
    });
    conn = h.open();
    h.send(conn, "0");
    conn->clear_sent();
  }

  harness h;
  then outcome;
  std::shared_ptr<testing::fake_conn> conn;
  std::vector<std::string> texts;
  std::vector<std::string> dom_args;
};

TEST(RawEvents, AHandledEventNeverReachesTheDomHandler) {
  raw_world w(raw_world::then::handle);
  w.h.send(w.conn, R"(25["raw",{"a":[1,"x"]}])");
  EXPECT_EQ(w.texts, std::vector<std::string>{R"(["raw",{"a":[1,"x"]}])"});
  EXPECT_TRUE(w.dom_args.empty());
  EXPECT_EQ(w.conn->sent_text(), std::vector<std::string>{R"(35["raw"])"});
}

TEST(RawEvents, ADeclinedEventTakesTheDomPath) {
  raw_world w(raw_world::then::decline);
  w.h.send(w.conn, R"(26["raw",{"a":1}])");
  EXPECT_EQ(w.texts.size(), 1u);
  EXPECT_EQ(w.dom_args, std::vector<std::string>{R"([{"a":1}])"});
  EXPECT_EQ(w.conn->sent_text(), std::vector<std::string>{R"(36[true])"});
}

TEST(RawEvents, MalformedTextClosesTheConnection) {
  raw_world w(raw_world::then::handle);
  w.h.send(w.conn, R"(2["raw",{"a":1e999}])");
  EXPECT_TRUE(w.conn->closed());
  EXPECT_TRUE(w.dom_args.empty());
}

TEST(RawEvents, AThrowingHandlerStillHasTheTextValidated) {
  raw_world ok(raw_world::then::throw_first);
  ok.h.send(ok.conn, R"(2["raw",1])");
  EXPECT_FALSE(ok.conn->closed());
  raw_world bad(raw_world::then::throw_first);
  bad.h.send(bad.conn, R"(2["raw",])");
  EXPECT_TRUE(bad.conn->closed());
}

TEST(RawEvents, BinaryEventsEscapedNamesAndReservedNamesTakeTheDomPath) {
  raw_world w(raw_world::then::handle);
  w.h.send(w.conn, R"(51-["raw",{"_placeholder":true,"num":0}])");
  w.conn->receive("bytes", true);
  w.h.send(w.conn, R"(2["r\u0061w",2])");
  EXPECT_TRUE(w.texts.empty());
  EXPECT_EQ(w.dom_args.size(), 2u);
  w.h.send(w.conn, R"(2["connect"])");  // reserved: never raw, and refused as ever
  EXPECT_TRUE(w.texts.empty());
  EXPECT_TRUE(w.conn->closed());
}

// on_any / on_any_raw: the fallbacks see what no named handler takes, by name.
TEST(AnyHandlers, SeeEventsWithoutTheirOwnHandler) {
  harness h;
  std::vector<std::string> named, any, any_raw;
  h.io.of("/").on_connection([&](const std::shared_ptr<socket>& s) {
    s->on("named", [&](payload args, ack) { named.push_back(json::serialize(args.args)); });
    s->on_any([&](std::string_view event, payload args, ack reply) {
      any.push_back(std::string(event) + json::serialize(args.args));
      reply({"any"});
    });
    s->on_any_raw([&](std::string_view event, const raw_event& ev, ack&) -> raw_result {
      any_raw.push_back(std::string(event));
      if (event != "fast") return raw_result::declined();
      scan_visitor none;
      return scan(ev.json, none);
    });
  });
  auto conn = h.open();
  h.send(conn, "0");
  conn->clear_sent();
  h.send(conn, R"(2["named",1])");
  h.send(conn, R"(27["other",{"a":2}])");
  h.send(conn, R"(2["fast",3])");
  EXPECT_EQ(named, std::vector<std::string>{"[1]"});
  EXPECT_EQ(any, std::vector<std::string>{R"(other[{"a":2}])"});
  EXPECT_EQ(any_raw, (std::vector<std::string>{"named", "other", "fast"}));
  EXPECT_EQ(conn->sent_text(), std::vector<std::string>{R"(37["any"])"});
  h.send(conn, R"(2["fast",])");  // handled means validated: malformed text still closes
  EXPECT_TRUE(conn->closed());
}

}  // namespace
}  // namespace parley::socketio
