// An echo Engine.IO server at /engine.io/ behind a real http::server on a loopback port.
#pragma once

#include <chrono>
#include <thread>

#include "eio_harness.hpp"
#include "http/http_test_client.hpp"
#include "http/router.hpp"

namespace parley::engineio::testing {

using namespace std::chrono_literals;

/// An echo Engine.IO server at /engine.io/ on a loopback port.
class loopback {
 public:
  explicit loopback(options o, server::connection_handler on_connection = nullptr)
      : router_(std::make_shared<http::router>()), http_(router_) {
    eio_ = std::make_shared<server>(http_.ioc().get_executor(), std::move(o));
    closes_ = testing::serve_echo(*eio_);
    if (on_connection) eio_->on_connection(std::move(on_connection));
    router_->mount("/engine.io/", eio_);
  }
  /// Sessions must be gone before the io_context they run on (the router outlives it here).
  ~loopback() {
    eio_->shutdown();
    wait_sessions(0);
  }

  std::uint16_t port() const { return http_.port(); }
  /// Waits (up to 2 s) until `n` sessions are open; the server closes them on its own threads.
  bool wait_sessions(std::size_t n) {
    for (int i = 0; i < 200 && eio_->session_count() != n; ++i) std::this_thread::sleep_for(10ms);
    return eio_->session_count() == n;
  }
  server& eio() { return *eio_; }

  http::response get(const std::string& target, bhttp::verb v = bhttp::verb::get,
                     std::string body = {}) {
    http::testing::client c(port());
    http::request req{v, target, 11};
    req.body() = std::move(body);
    return c.send(std::move(req));
  }
  std::string open_polling() {
    const std::string b = get("/engine.io/?EIO=4&transport=polling").body();
    const auto at = b.find(R"("sid":")");
    return at == std::string::npos ? std::string() : b.substr(at + 7, 20);
  }

 private:
  std::shared_ptr<http::router> router_;
  http::testing::running_server http_;
  std::shared_ptr<server> eio_;
  std::shared_ptr<close_log> closes_;
};

}  // namespace parley::engineio::testing
