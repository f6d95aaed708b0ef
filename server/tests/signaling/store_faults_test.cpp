// Signaling when the store fails (docs/signaling.md, "Acks and errors"; docs/testing.md,
// "Faulty store"): the real meeting_server, member sessions and rooms over in-memory Engine.IO
// connections, with the domain services over a faulty SQLite store. A failed store call is
// the ack `internal_error` (CONNECT_ERROR for the handshake), leaves nothing half done, and
// the same request succeeds once the store is back.
#include <gtest/gtest.h>
#include <unistd.h>

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>
#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "auth/identity.hpp"
#include "domain/services.hpp"
#include "metrics/registry.hpp"
#include "signaling/meeting_server.hpp"
#include "socketio/harness.hpp"
#include "store/faulty_store.hpp"
#include "store/open.hpp"

namespace parley::signaling::testing {
namespace {

using socketio::testing::fake_conn;
using store::method;
using conn = std::shared_ptr<fake_conn>;

class store_faults : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("parley-sig-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    auto db = store::open_store("sqlite:" + (dir_ / "db").string());
    ASSERT_TRUE(db.value) << db.error;
    auto faulty = std::make_unique<store::faulty_store>(std::move(db.value));
    faults_ = faulty.get();
    domain::config cfg;
    cfg.password_cost = {1, 8192};
    svc_ = std::make_shared<domain::services>(std::move(faulty), cfg);
    server_ = meeting_server::create(h_.io.of("/"), svc_, reg_, h_.ioc.get_executor());
  }
  void TearDown() override {
    if (!server_) return;  // SetUp failed
    faults_->heal();
    for (auto& c : conns_) c->drop("test over");
    EXPECT_TRUE(run_until([&] { return server_->room_count() == 0; })) << "rooms left";
    svc_->shutdown();
    std::filesystem::remove_all(dir_);
  }

  /// Runs the io_context until `done()`: the services answer from their pool's threads.
  bool run_until(const std::function<bool()>& done) {
    const auto end = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (!done()) {
      if (std::chrono::steady_clock::now() > end) return false;
      h_.run_for(std::chrono::milliseconds(2));
    }
    return true;
  }

  auth::signed_in user(const std::string& name) {
    auto r = svc_->account_service().register_user(name, name + "@example.org", "password-" + name);
    EXPECT_TRUE(r) << name;
    return *r;
  }
  std::string meeting(const auth::signed_in& host) {
    auto m = svc_->meeting_service().create(host.who.user.id, std::nullopt, std::nullopt);
    EXPECT_TRUE(m);
    return "{\"room\":\"" + m->meeting_id + "\"}";
  }

  /// A connection whose CONNECT carried `token`, once the server answered it.
  conn connect(const std::string& token) {
    auto c = h_.open("eio" + std::to_string(conns_.size()));
    conns_.push_back(c);
    c->receive("0{\"token\":\"" + token + "\"}");
    EXPECT_TRUE(run_until([&] { return !c->sent_text().empty(); })) << "no CONNECT answer";
    return c;
  }
  /// The CONNECT answer's payload: {"sid":...} or {"message":...}.
  static boost::json::value handshake(const conn& c) {
    return boost::json::parse(c->sent_text().at(0).substr(1));
  }

  /// Emits `event` (with `arg` unless empty) asking for an ack; the ack's argument.
  boost::json::value ask(const conn& c, const std::string& event, const std::string& arg = "") {
    const std::string id = std::to_string(++acks_);
    c->receive("2" + id + "[\"" + event + "\"" + (arg.empty() ? "" : "," + arg) + "]");
    std::string reply;
    const bool answered = run_until([&] {
      for (auto& m : c->sent_text())
        if (m.rfind("3" + id + "[", 0) == 0) reply = m.substr(1 + id.size());
      return !reply.empty();
    });
    if (!answered) {
      ADD_FAILURE() << "no ack to " << event;
      return nullptr;
    }
    return boost::json::parse(reply).as_array().at(0);
  }
  static std::string code(const boost::json::value& ack) {
    const auto* e = ack.is_object() ? ack.as_object().if_contains("error") : nullptr;
    return e ? std::string(e->at("code").as_string()) : "ok";
  }
  /// Whether `c` was sent event `name`.
  static bool got(const conn& c, const std::string& name) {
    for (auto& m : c->sent_text())
      if (m.rfind("2[\"" + name + "\"", 0) == 0) return true;
    return false;
  }

  std::filesystem::path dir_;
  metrics::registry reg_;  // before h_: the harness drains handlers that still count in it
  socketio::testing::harness h_;
  store::faulty_store* faults_ = nullptr;
  std::shared_ptr<domain::services> svc_;
  std::shared_ptr<meeting_server> server_;
  std::vector<conn> conns_;
  int acks_ = 0;
};

TEST_F(store_faults, a_token_the_store_cannot_check_is_refused_with_internal_error) {
  const std::string unknown(43, 'A');  // well formed, in no cache: the store must look it up
  faults_->fail(method::find_session_user);
  EXPECT_EQ(handshake(connect(unknown)).at("message"), "internal_error");
  faults_->heal();
  EXPECT_EQ(handshake(connect(unknown)).at("message"), "unauthorized");
}

TEST_F(store_faults, a_join_the_store_cannot_record_fails_and_leaves_no_member) {
  const auto host = user("host"), guest = user("guest");
  const auto room = meeting(host);
  auto h = connect(host.token), g = connect(guest.token);
  ASSERT_EQ(code(ask(h, "join", room)), "ok");
  faults_->fail(method::record_attendance);
  EXPECT_EQ(code(ask(g, "join", room)), "internal_error");
  EXPECT_FALSE(got(h, "user-joined"));
  faults_->heal();
  EXPECT_EQ(code(ask(g, "join", room)), "ok") << "the failed join left the socket in no room";
  EXPECT_TRUE(run_until([&] { return got(h, "user-joined"); }));
}

TEST_F(store_faults, a_chat_message_the_store_cannot_keep_fails_and_reaches_nobody) {
  const auto host = user("host"), guest = user("guest");
  const auto room = meeting(host);
  auto h = connect(host.token), g = connect(guest.token);
  ASSERT_EQ(code(ask(h, "join", room)), "ok");
  ASSERT_EQ(code(ask(g, "join", room)), "ok");
  faults_->fail_nth(1);
  EXPECT_EQ(code(ask(g, "chat-message", R"({"text":"lost"})")), "internal_error");
  EXPECT_EQ(code(ask(g, "chat-message", R"({"text":"kept"})")), "ok");
  EXPECT_TRUE(run_until([&] { return got(h, "chat-message"); }));
  for (auto& m : h->sent_text()) EXPECT_EQ(m.find("lost"), std::string::npos) << m;
}

TEST_F(store_faults, an_end_the_store_cannot_write_fails_and_the_meeting_goes_on) {
  const auto host = user("host"), guest = user("guest");
  const auto room = meeting(host);
  auto h = connect(host.token), g = connect(guest.token);
  ASSERT_EQ(code(ask(h, "join", room)), "ok");
  ASSERT_EQ(code(ask(g, "join", room)), "ok");
  faults_->fail(method::end_meeting);
  EXPECT_EQ(code(ask(h, "end-meeting")), "internal_error");
  EXPECT_FALSE(got(g, "meeting-ended"));
  EXPECT_EQ(code(ask(g, "raise-hand", R"({"raised":true})")), "ok") << "still in the room";
  faults_->heal();
  EXPECT_EQ(code(ask(h, "end-meeting")), "ok");
  EXPECT_TRUE(run_until([&] { return got(g, "meeting-ended"); }));
}

TEST_F(store_faults, a_leave_the_store_cannot_record_still_leaves_the_room) {
  const auto host = user("host"), guest = user("guest");
  const auto room = meeting(host);
  auto h = connect(host.token), g = connect(guest.token);
  ASSERT_EQ(code(ask(h, "join", room)), "ok");
  ASSERT_EQ(code(ask(g, "join", room)), "ok");
  faults_->fail_all();
  EXPECT_EQ(code(ask(g, "leave")), "ok");  // left_at is written later; the room does not wait
  EXPECT_TRUE(run_until([&] { return got(h, "user-left"); }));
  EXPECT_EQ(code(ask(g, "leave")), "not_in_room");
}

}  // namespace
}  // namespace parley::signaling::testing
