#include "http/server.hpp"

#include <gtest/gtest.h>

#include <atomic>

#include "http/http_test_client.hpp"
#include "http/router.hpp"

namespace parley::http {
namespace {

using testing::client;
using testing::make_request;
using testing::running_server;

/// Echoes the target and body; answers from another thread when the target says so.
class echo_handler : public handler {
 public:
  std::size_t body_limit(const bhttp::request_header<>&) const override { return 1024; }
  void handle(request req, const peer& from, responder respond) override {
    response res{bhttp::status::ok, req.version()};
    res.body() = std::string(req.target()) + "|" + req.body() + "|" + from.address;
    res.prepare_payload();
    if (req.target() == "/later") {
      std::thread([respond, res]() mutable {
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
        respond(std::move(res));
      }).detach();
      return;
    }
    respond(std::move(res));
  }
};

TEST(http_server, serves_requests_on_one_keep_alive_connection) {
  running_server srv(std::make_shared<echo_handler>());
  client c(srv.port());
  auto a = c.send(make_request(bhttp::verb::post, "/a", "hello"));
  auto b = c.send(make_request(bhttp::verb::get, "/b"));
  EXPECT_EQ(a.result(), bhttp::status::ok);
  EXPECT_EQ(a.body(), "/a|hello|127.0.0.1");
  EXPECT_EQ(b.body(), "/b||127.0.0.1");
}

TEST(http_server, every_response_carries_the_security_headers) {
  running_server srv(std::make_shared<echo_handler>());
  client c(srv.port());
  auto res = c.send(make_request(bhttp::verb::get, "/"));
  EXPECT_EQ(res["X-Content-Type-Options"], "nosniff");
  EXPECT_EQ(res["Referrer-Policy"], "no-referrer");
}

TEST(http_server, a_response_may_come_later_from_another_thread) {
  running_server srv(std::make_shared<echo_handler>());
  client c(srv.port());
  EXPECT_EQ(c.send(make_request(bhttp::verb::get, "/later")).body(), "/later||127.0.0.1");
  EXPECT_EQ(c.send(make_request(bhttp::verb::get, "/now")).body(), "/now||127.0.0.1");
}

TEST(http_server, a_body_over_the_handlers_limit_gets_413_json) {
  running_server srv(std::make_shared<echo_handler>());
  client c(srv.port());
  auto res = c.send(make_request(bhttp::verb::post, "/big", std::string(2000, 'x')));
  EXPECT_EQ(res.result(), bhttp::status::payload_too_large);
  EXPECT_NE(res.body().find("\"code\":\"payload_too_large\""), std::string::npos);
}

TEST(http_server, oversized_headers_get_431) {
  running_server srv(std::make_shared<echo_handler>());
  client c(srv.port());
  auto req = make_request(bhttp::verb::get, "/");
  req.set("X-Padding", std::string(20000, 'p'));
  EXPECT_EQ(c.send(std::move(req)).result(), bhttp::status::request_header_fields_too_large);
}

TEST(http_server, garbage_gets_400_and_the_server_keeps_serving) {
  running_server srv(std::make_shared<echo_handler>());
  {
    client bad(srv.port());
    net::write(bad.stream(), net::buffer(std::string("NOT HTTP AT ALL\r\n\r\n")));
    EXPECT_EQ(bad.read().result(), bhttp::status::bad_request);
  }
  client good(srv.port());
  EXPECT_EQ(good.send(make_request(bhttp::verb::get, "/ok")).result(), bhttp::status::ok);
}

TEST(http_router, longest_prefix_wins_and_exact_paths_do_not_match_longer_names) {
  auto r = std::make_shared<router>();
  r->mount("/api/", std::make_shared<echo_handler>());
  r->mount("/healthz", std::make_shared<echo_handler>());
  running_server srv(r);
  client c(srv.port());
  EXPECT_EQ(c.send(make_request(bhttp::verb::get, "/api/x")).result(), bhttp::status::ok);
  EXPECT_EQ(c.send(make_request(bhttp::verb::get, "/healthz")).result(), bhttp::status::ok);
  auto miss = c.send(make_request(bhttp::verb::get, "/healthzz"));
  EXPECT_EQ(miss.result(), bhttp::status::not_found);
  EXPECT_NE(miss.body().find("not_found"), std::string::npos);
}

}  // namespace
}  // namespace parley::http
