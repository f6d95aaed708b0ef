// The membership scripts and the liveness sweep against a real redis-server
// (docs/cluster.md "Membership", "Liveness").
#include "cluster/node.hpp"

#include <gtest/gtest.h>

#include <future>
#include <mutex>
#include <thread>

#include "cluster/redis_server.hpp"
#include "cluster/scripts.hpp"

namespace parley::cluster {
namespace {

using namespace std::chrono_literals;

struct recorder final : node_listener {
  std::mutex mu;
  std::vector<std::string> meeting, process, reaped;
  void on_meeting_message(const std::string& m, std::string p) override {
    std::lock_guard l(mu);
    meeting.push_back(m + " " + p);
  }
  void on_process_message(std::string p) override {
    std::lock_guard l(mu);
    process.push_back(p);
  }
  std::atomic<int> lost{0}, back{0};
  void on_lost() override { ++lost; }
  void on_back() override { ++back; }
  void on_reaped(const std::string& m, const std::string& u) override {
    std::lock_guard l(mu);
    reaped.push_back(m + " " + u);
  }
  std::vector<std::string> held;  ///< held_meetings()
  std::vector<std::string> held_meetings() override {
    std::lock_guard l(mu);
    return held;
  }
  std::size_t count(std::vector<std::string>& v) {
    std::lock_guard l(mu);
    return v.size();
  }
};

template <class Pred>
bool eventually(Pred p, std::chrono::milliseconds limit = 10s) {
  for (auto end = std::chrono::steady_clock::now() + limit; std::chrono::steady_clock::now() < end;
       std::this_thread::sleep_for(20ms))
    if (p()) return true;
  return false;
}

class node_test : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(server_.start());
    thread_ = std::thread([this] { ioc_.run(); });
  }
  void TearDown() override {
    work_.reset();
    ioc_.stop();
    thread_.join();
  }
  std::shared_ptr<node> make(std::shared_ptr<recorder> rec,
                             node_options o = {std::chrono::milliseconds(600),
                                               std::chrono::milliseconds(200)}) {
    auto n = node::create(ioc_.get_executor(), *parse_redis_url(server_.url()), o);
    n->set_listener(rec);
    n->start();
    EXPECT_TRUE(eventually([&] { return n->up(); }));
    return n;
  }
  static std::string entry(const std::string& sid, const std::string& proc) {
    return R"({"socketId":")" + sid + R"(","userId":"u-)" + sid + R"(","proc":")" + proc + "\"}";
  }
  long long join(node& n, const std::string& sid, std::size_t max = 8) {
    std::promise<long long> p;
    n.join("m1", sid, entry(sid, n.id()), max, [&](long long s) { p.set_value(s); });
    return p.get_future().get();
  }

  /// One command on a connection of its own.
  redis_reply command(std::vector<std::string> args) {
    auto c = redis_connection::create(ioc_.get_executor(), *parse_redis_url(server_.url()));
    std::promise<std::string> connected;
    c->connect([&](std::string e) { connected.set_value(e); });
    EXPECT_EQ(connected.get_future().get(), "");
    std::promise<redis_reply> got;
    c->command(std::move(args), [&](const redis_reply& r) { got.set_value(r); });
    redis_reply r = got.get_future().get();
    c->close();
    return r;
  }
  long long pttl(const std::string& key) {
    const redis_reply r = command({"PTTL", key});
    EXPECT_EQ(r.type, redis_reply::kind::integer) << key;
    return r.integer;
  }

  test::redis_server server_;
  net::io_context ioc_;
  net::executor_work_guard<net::io_context::executor_type> work_{ioc_.get_executor()};
  std::thread thread_;
};

TEST_F(node_test, joins_are_numbered_refused_when_full_or_twice_and_published_in_order) {
  auto rec = std::make_shared<recorder>();
  auto a = make(rec);
  std::promise<void> watching;
  a->watch("m1", [&] { watching.set_value(); });
  ASSERT_EQ(watching.get_future().wait_for(5s), std::future_status::ready);
  EXPECT_EQ(join(*a, "s1", 2), 1);
  EXPECT_EQ(join(*a, "s1", 2), -1);  // already a member
  EXPECT_EQ(join(*a, "s2", 2), 2);
  EXPECT_EQ(join(*a, "s3", 2), -2);  // full
  ASSERT_TRUE(eventually([&] { return rec->count(rec->meeting) == 2; }));
  EXPECT_EQ(rec->meeting[0].rfind(R"(m1 {"t":"join","seq":1,)", 0), 0u) << rec->meeting[0];
  std::promise<long long> left;
  a->leave("m1", "s1", "leave", [&](long long s) { left.set_value(s); });
  EXPECT_EQ(left.get_future().get(), 3);
  std::promise<cluster::redis_reply> snap;
  a->snapshot("m1", [&](const redis_reply& r) { snap.set_value(r); });
  auto r = snap.get_future().get();
  ASSERT_EQ(r.elements.size(), 4u);  // seq, no moderation state, an empty lobby, s2
  EXPECT_EQ(r.elements[0].integer, 3);
  EXPECT_EQ(r.elements[1].str, "");
  EXPECT_EQ(r.elements[2].str, "[]");
  EXPECT_NE(r.elements[3].str.find("\"s2\""), std::string::npos);
  a->end("m1");
  EXPECT_EQ(join(*a, "s4"), -3);  // ended
}

// docs/cluster.md "Moderation": the store's state seeds Redis once; the join script checks
// ban, lock and lobby; a held join is taken by exactly one admit or deny.
TEST_F(node_test, moderation_state_is_seeded_once_and_gates_joins_and_the_lobby) {
  auto rec = std::make_shared<recorder>();
  auto a = make(rec);
  const auto snapshot = [&](const std::string& seed) {
    std::promise<redis_reply> p;
    a->snapshot(
        "m1", [&](const redis_reply& r) { p.set_value(r); }, seed);
    return p.get_future().get();
  };
  const auto join_as = [&](const std::string& sid, const std::string& user, bool admitted) {
    std::promise<long long> p;
    a->join(
        "m1", sid, entry(sid, a->id()), 8, [&](long long s) { p.set_value(s); }, user, admitted);
    return p.get_future().get();
  };
  const auto change = [&](auto call) {
    std::promise<std::pair<long long, long long>> p;
    call([&](long long seq, long long n) { p.set_value({seq, n}); });
    return p.get_future().get();
  };
  auto r = snapshot(R"({"host":"uh","locked":true,"lobby":false,"cohosts":["uc"],"bans":["ub"]})");
  ASSERT_EQ(r.elements.size(), 3u);
  EXPECT_EQ(r.elements[1].str,
            R"({"host":"uh","locked":true,"lobby":false,"cohosts":["uc"],"bans":["ub"]})");
  // A second seed (a stale store read) changes nothing: Redis holds the one truth.
  r = snapshot(R"({"host":"uh","locked":false,"lobby":false,"cohosts":[],"bans":[]})");
  EXPECT_NE(r.elements[1].str.find(R"("locked":true)"), std::string::npos);
  EXPECT_EQ(join_as("s1", "ub", false), -5);    // banned
  EXPECT_EQ(join_as("s1", "u-s2", false), -4);  // locked
  EXPECT_GT(join_as("s1", "uc", false), 0);     // a cohost passes the lock
  auto flag = change([&](auto f) { a->set_flag("m1", "locked", false, f); });
  EXPECT_GT(flag.first, 0);
  change([&](auto f) { a->set_flag("m1", "lobby", true, f); });
  EXPECT_EQ(join_as("s2", "u-s2", false), -6);  // the lobby holds it
  std::promise<long long> held;
  a->wait("m1", "s2", entry("s2", a->id()), "u-s2", [&](long long s) { held.set_value(s); });
  EXPECT_GT(held.get_future().get(), 0);
  EXPECT_NE(snapshot("").elements[2].str.find(R"("socketId":"s2")"), std::string::npos);
  auto admit = change([&](auto f) { a->resolve("m1", "u-s2", "admitted", f); });
  EXPECT_EQ(admit.second, 1);
  auto deny = change([&](auto f) { a->resolve("m1", "u-s2", "denied", f); });
  EXPECT_EQ(deny, std::make_pair(0LL, 0LL));  // the admit took it
  EXPECT_GT(join_as("s2", "u-s2", true), 0);  // admitted: passes the lobby
  auto ban = change([&](auto f) { a->ban("m1", "u-s2", R"({"socketId":"s1"})", f); });
  EXPECT_EQ(ban.second, 1);                     // s2 dropped
  EXPECT_EQ(snapshot("").elements.size(), 4u);  // seq, moderation, lobby, s1
}

TEST_F(node_test, a_process_whose_heartbeat_stops_has_its_members_reaped_by_another) {
  auto rec_a = std::make_shared<recorder>();
  auto rec_b = std::make_shared<recorder>();
  auto a = make(rec_a);
  auto b = make(rec_b);
  EXPECT_EQ(join(*a, "sa"), 1);
  EXPECT_EQ(join(*b, "sb"), 2);
  a->stop();  // its key goes; b's sweep removes sa
  ASSERT_TRUE(eventually([&] { return rec_b->count(rec_b->reaped) == 1; }));
  EXPECT_EQ(rec_b->reaped[0], "m1 u-sa");
  std::promise<cluster::redis_reply> snap;
  b->snapshot("m1", [&](const redis_reply& r) { snap.set_value(r); });
  auto r = snap.get_future().get();
  ASSERT_EQ(r.elements.size(), 4u);  // seq, moderation, lobby, sb
  EXPECT_NE(r.elements[3].str.find("\"sb\""), std::string::npos);
}

// docs/cluster.md "Per-user limits": one bucket per user and class, whichever process takes
// from it, refilled at its rate, expiring once it would be full again.
TEST_F(node_test, a_users_rate_bucket_is_shared_by_processes_and_refills) {
  auto rec = std::make_shared<recorder>();
  auto a = make(rec);
  auto b = make(rec);
  const auto take = [](node& n, const std::string& user, std::string_view cls) {
    std::promise<long long> p;
    n.take_token(user, cls, 5, 3, [&](long long r) { p.set_value(r); });
    return p.get_future().get();
  };
  EXPECT_EQ(take(*a, "u1", "reaction"), 1);
  EXPECT_EQ(take(*b, "u1", "reaction"), 1);
  EXPECT_EQ(take(*a, "u1", "reaction"), 1);
  EXPECT_EQ(take(*b, "u1", "reaction"), 0);  // 3 taken in well under 200 ms: empty
  EXPECT_EQ(take(*a, "u1", "reaction"), 0);
  EXPECT_EQ(take(*b, "u2", "reaction"), 1);  // another user's bucket
  EXPECT_EQ(take(*a, "u1", "chat"), 1);      // another class
  auto c = redis_connection::create(ioc_.get_executor(), *parse_redis_url(server_.url()));
  std::promise<std::string> connected;
  c->connect([&](std::string e) { connected.set_value(e); });
  ASSERT_EQ(connected.get_future().get(), "");
  std::promise<redis_reply> ttl;
  c->command({"PTTL", "parley:rate:u1:reaction"}, [&](const redis_reply& r) { ttl.set_value(r); });
  const redis_reply t = ttl.get_future().get();
  ASSERT_EQ(t.type, redis_reply::kind::integer);
  EXPECT_GT(t.integer, 0);    // it expires...
  EXPECT_LE(t.integer, 601);  // ...once refilled: 3 tokens at 5/s
  c->close();
  std::this_thread::sleep_for(250ms);  // at least 1.25 tokens back
  EXPECT_EQ(take(*b, "u1", "reaction"), 1);
  EXPECT_EQ(take(*a, "u1", "reaction"), 0);
  server_.stop();
  ASSERT_TRUE(eventually([&] { return !a->up(); }));
  EXPECT_EQ(take(*a, "u1", "reaction"), -100);  // Redis lost: the caller falls back
}

// docs/cluster.md "Keys": every script that changes a meeting gives its keys an hour to live;
// a process refreshes the meetings it holds rooms for, and only those; an ended meeting keeps
// only its counter, expiring too.
TEST_F(node_test, meeting_keys_expire_unless_written_or_held) {
  auto rec = std::make_shared<recorder>();
  node_options o{std::chrono::milliseconds(600), std::chrono::milliseconds(200)};
  o.meeting_refresh_every = std::chrono::milliseconds(100);  // every heartbeat
  auto a = make(rec, o);
  const long long hour = scripts::meeting_ttl.count();
  std::promise<redis_reply> snap;
  a->snapshot(
      "m1", [&](const redis_reply& r) { snap.set_value(r); },
      R"({"host":"uh","locked":false,"lobby":false,"cohosts":["uc"],"bans":["ub"]})");
  snap.get_future().get();
  EXPECT_EQ(join(*a, "s1"), 1);
  for (const char* k : {"seq", "o", "p", "mod", "co", "ban"}) {
    const long long t = pttl(std::string("parley:m:m1:") + k);
    EXPECT_GT(t, hour - 5000) << k;
    EXPECT_LE(t, hour) << k;
  }
  // Shortened by hand: m1 is held, so the heartbeat gives it its hour back; m2 is not.
  for (const char* k : {"seq", "p"}) command({"SET", std::string("parley:m:m2:") + k, "1"});
  for (const char* m : {"m1", "m2"})
    for (const char* k : {"seq", "p"})
      command({"PEXPIRE", std::string("parley:m:") + m + ":" + k, "1500"});
  {
    std::lock_guard l(rec->mu);
    rec->held = {"m1"};
  }
  EXPECT_TRUE(eventually([&] { return pttl("parley:m:m1:p") > 2000; }));
  EXPECT_GT(pttl("parley:m:m1:seq"), 2000);
  EXPECT_LE(pttl("parley:m:m2:p"), 1500);
  EXPECT_TRUE(eventually([&] { return pttl("parley:m:m2:seq") == -2; }, 3s));  // gone
  // A write gives an unheld meeting its hour again.
  {
    std::lock_guard l(rec->mu);
    rec->held.clear();
  }
  std::this_thread::sleep_for(300ms);  // a refresh already on its way
  command({"PEXPIRE", "parley:m:m1:p", "1500"});
  std::promise<long long> updated;
  a->update("m1", "s1", R"({"audio":false})", "media-state",
            [&](long long s) { updated.set_value(s); });
  EXPECT_GT(updated.get_future().get(), 0);
  EXPECT_GT(pttl("parley:m:m1:p"), hour - 5000);
  a->end("m1");
  EXPECT_TRUE(eventually([&] { return pttl("parley:m:m1:p") == -2; }));
  const long long seq = pttl("parley:m:m1:seq");
  EXPECT_GT(seq, 0);  // what the end leaves expires as well
  EXPECT_LE(seq, hour);
}

TEST_F(node_test, messages_to_a_process_reach_only_that_process) {
  auto rec_a = std::make_shared<recorder>();
  auto rec_b = std::make_shared<recorder>();
  auto a = make(rec_a);
  auto b = make(rec_b);
  std::promise<long long> sent;
  a->send_to(b->id(), "hello", [&](long long n) { sent.set_value(n); });
  EXPECT_EQ(sent.get_future().get(), 1);
  ASSERT_TRUE(eventually([&] { return rec_b->count(rec_b->process) == 1; }));
  EXPECT_EQ(rec_b->process[0], "hello");
  EXPECT_EQ(rec_a->count(rec_a->process), 0u);
}

TEST_F(node_test, a_restarted_redis_is_used_again_and_the_process_channel_works) {
  // docs/cluster.md "Losing Redis": reconnect with backoff, on_back once both are up.
  auto rec_a = std::make_shared<recorder>();
  auto rec_b = std::make_shared<recorder>();
  auto a = make(rec_a);
  auto b = make(rec_b);
  server_.stop();
  ASSERT_TRUE(eventually([&] { return !a->up() && rec_a->lost == 1 && rec_b->lost == 1; }));
  ASSERT_TRUE(server_.start());  // same port, empty
  ASSERT_TRUE(eventually([&] { return a->up() && b->up(); }));
  EXPECT_EQ(rec_a->back, 1);
  EXPECT_EQ(rec_b->back, 1);
  std::promise<long long> sent;
  a->send_to(b->id(), "again", [&](long long n) { sent.set_value(n); });
  EXPECT_EQ(sent.get_future().get(), 1);
  ASSERT_TRUE(eventually([&] { return rec_b->count(rec_b->process) == 1; }));
  EXPECT_EQ(join(*a, "s1"), 1);  // the scripts run on the new Redis
}

TEST_F(node_test, a_redis_that_stops_answering_is_lost_and_used_again_once_it_answers) {
  // docs/cluster.md "Losing Redis": open connections but no replies (SIGSTOP).
  auto rec = std::make_shared<recorder>();
  node_options o{600ms, 200ms};
  o.reply_timeout = 500ms;
  o.reconnect_max = 300ms;
  auto a = make(rec, o);
  EXPECT_EQ(join(*a, "s1"), 1);
  server_.pause();
  ASSERT_TRUE(eventually([&] { return !a->up() && rec->lost == 1; }, 5s));
  std::promise<long long> refused;
  a->join("m1", "s2", entry("s2", a->id()), 8, [&](long long s) { refused.set_value(s); });
  EXPECT_EQ(refused.get_future().get(), -100);  // within reply_timeout, not when Redis wakes
  server_.resume();
  ASSERT_TRUE(eventually([&] { return a->up() && rec->back == 1; }));
  EXPECT_GT(join(*a, "s3"), 1);  // the same Redis, its data kept
}

}  // namespace
}  // namespace parley::cluster
