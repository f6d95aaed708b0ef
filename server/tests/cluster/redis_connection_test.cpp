#include "cluster/redis_connection.hpp"

#include <gtest/gtest.h>

#include <future>
#include <thread>

#include "cluster/redis_server.hpp"

namespace parley::cluster {
namespace {

using namespace std::chrono_literals;

class redis_connection_test : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(server_.start()) << "redis-server did not start";
    url_ = *parse_redis_url(server_.url());
    thread_ = std::thread([this] { ioc_.run(); });
  }
  void TearDown() override {
    work_.reset();
    ioc_.stop();
    thread_.join();
  }
  std::shared_ptr<redis_connection> connected() {
    auto c = redis_connection::create(ioc_.get_executor(), url_);
    std::promise<std::string> p;
    c->connect([&](std::string e) { p.set_value(e); });
    auto f = p.get_future();
    EXPECT_EQ(f.wait_for(5s), std::future_status::ready);
    EXPECT_EQ(f.get(), "");
    return c;
  }
  redis_reply run(redis_connection& c, std::vector<std::string> args) {
    std::promise<redis_reply> p;
    c.command(std::move(args), [&](const redis_reply& r) { p.set_value(r); });
    auto f = p.get_future();
    EXPECT_EQ(f.wait_for(5s), std::future_status::ready);
    return f.get();
  }

  test::redis_server server_;
  redis_url url_;
  net::io_context ioc_;
  net::executor_work_guard<net::io_context::executor_type> work_{ioc_.get_executor()};
  std::thread thread_;
};

TEST_F(redis_connection_test, commands_answer_in_order_with_typed_replies) {
  auto c = connected();
  EXPECT_EQ(run(*c, {"SET", "k", std::string("a\0b", 3)}).str, "OK");
  auto got = run(*c, {"GET", "k"});
  EXPECT_EQ(got.type, redis_reply::kind::string);
  EXPECT_EQ(got.str, std::string("a\0b", 3));  // binary-safe
  EXPECT_EQ(run(*c, {"INCR", "n"}).integer, 1);
  EXPECT_EQ(run(*c, {"GET", "missing"}).type, redis_reply::kind::nil);
  EXPECT_TRUE(run(*c, {"NOSUCHCOMMAND"}).is_error());
  auto arr = run(*c, {"EVAL", "return {1, 'x', {2}}", "0"});
  ASSERT_EQ(arr.elements.size(), 3u);
  EXPECT_EQ(arr.elements[1].str, "x");
  EXPECT_EQ(arr.elements[2].elements[0].integer, 2);
  // A thousand pipelined commands all answered, in order.
  std::promise<long long> last;
  for (int i = 0; i < 1000; ++i)
    c->command({"INCR", "seq"}, [&, i](const redis_reply& r) {
      if (i == 999) last.set_value(r.integer);
    });
  auto f = last.get_future();
  ASSERT_EQ(f.wait_for(5s), std::future_status::ready);
  EXPECT_EQ(f.get(), 1000);
}

TEST_F(redis_connection_test, subscriber_gets_messages_after_confirmation) {
  auto sub = connected();
  auto pub = connected();
  std::promise<std::string> got;
  sub->on_message([&](const std::string& ch, std::string payload) {
    if (ch == "c1") got.set_value(payload);
  });
  std::promise<void> confirmed;
  sub->subscribe("c1", [&] { confirmed.set_value(); });
  ASSERT_EQ(confirmed.get_future().wait_for(5s), std::future_status::ready);
  EXPECT_EQ(run(*pub, {"PUBLISH", "c1", "hello"}).integer, 1);  // one subscriber
  auto f = got.get_future();
  ASSERT_EQ(f.wait_for(5s), std::future_status::ready);
  EXPECT_EQ(f.get(), "hello");
}

TEST_F(redis_connection_test, losing_redis_answers_pending_and_reports_once) {
  auto c = connected();
  std::promise<void> lost;
  c->on_lost([&] { lost.set_value(); });
  EXPECT_EQ(run(*c, {"PING"}).str, "PONG");
  server_.stop();
  ASSERT_EQ(lost.get_future().wait_for(5s), std::future_status::ready);
  EXPECT_TRUE(run(*c, {"PING"}).is_error());  // refused at once, never hangs
}

TEST_F(redis_connection_test, abort_answers_pending_at_once_without_reporting_a_loss) {
  auto c = connected();
  bool lost = false;
  c->on_lost([&] { lost = true; });
  EXPECT_EQ(run(*c, {"PING"}).str, "PONG");
  server_.pause();  // the PING below is never answered
  std::promise<redis_reply> p;
  c->command({"PING"}, [&](const redis_reply& r) { p.set_value(r); });
  c->abort();
  auto f = p.get_future();
  ASSERT_EQ(f.wait_for(5s), std::future_status::ready);
  EXPECT_TRUE(f.get().is_error());
  server_.resume();
  EXPECT_FALSE(lost);
}

TEST_F(redis_connection_test, connect_to_a_closed_port_fails_with_a_reason) {
  server_.stop();
  auto c = redis_connection::create(ioc_.get_executor(), url_);
  std::promise<std::string> p;
  c->connect([&](std::string e) { p.set_value(e); });
  auto f = p.get_future();
  ASSERT_EQ(f.wait_for(5s), std::future_status::ready);
  EXPECT_NE(f.get(), "");
  EXPECT_NE(probe(url_, 500), "");
}

TEST(redis_url, parses_and_refuses) {
  struct row {
    const char* in;
    bool ok;
    int port, db;
  } rows[] = {{"redis://127.0.0.1:6380", true, 6380, 0},
              {"redis://h", true, 6379, 0},
              {"redis://h:1/3", true, 1, 3},
              {"redis://h:0", false, 0, 0},
              {"redis://h:99999", false, 0, 0},
              {"redis://:6379", false, 0, 0},
              {"redis://h:6379/16", false, 0, 0},
              {"redis://h:6379/x", false, 0, 0},
              {"http://h:6379", false, 0, 0},
              {"redis://u:p@h:1", false, 0, 0}};
  for (const auto& r : rows) {
    auto u = parse_redis_url(r.in);
    EXPECT_EQ(u.has_value(), r.ok) << r.in;
    if (u && r.ok) {
      EXPECT_EQ(u->port, r.port) << r.in;
      EXPECT_EQ(u->db, r.db) << r.in;
    }
  }
}

}  // namespace
}  // namespace parley::cluster
