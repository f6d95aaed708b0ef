// Drives an engineio::server without sockets: requests go straight to handle(), responses are
// captured from the responder, and the io_context is run by the test thread (deterministic).
// An echo listener sends every message back and records how each session closed.
#pragma once

#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "engineio/server.hpp"

namespace parley::engineio::testing {

/// Close reasons, appended from many sessions' strands at once.
class close_log {
 public:
  void add(std::string_view reason) {
    std::lock_guard lock(mutex_);
    reasons_.emplace_back(reason);
  }
  std::vector<std::string> reasons() const {
    std::lock_guard lock(mutex_);
    return reasons_;
  }

 private:
  mutable std::mutex mutex_;
  std::vector<std::string> reasons_;
};

/// Sends every message back (binary stays binary); records close reasons.
class echo_listener final : public socket_listener {
 public:
  echo_listener(std::weak_ptr<socket> s, std::shared_ptr<close_log> closes)
      : socket_(std::move(s)), closes_(std::move(closes)) {}
  void on_message(std::string_view data, bool binary) override {
    if (auto s = socket_.lock())
      s->send(binary ? binary_message(std::string(data)) : text_message(std::string(data)));
  }
  void on_close(std::string_view reason) override { closes_->add(reason); }

 private:
  std::weak_ptr<socket> socket_;  // weak: the socket holds this listener
  std::shared_ptr<close_log> closes_;
};

/// Makes `srv` an echo server; returns the log its sessions' close reasons go to.
inline std::shared_ptr<close_log> serve_echo(server& srv) {
  auto closes = std::make_shared<close_log>();
  srv.on_connection([closes](std::shared_ptr<socket> s) {
    s->set_listener(std::make_shared<echo_listener>(s, closes));
  });
  return closes;
}

/// A response that may arrive later (a held long-poll).
struct pending_response {
  std::shared_ptr<std::optional<http::response>> slot =
      std::make_shared<std::optional<http::response>>();
  bool ready() const { return slot->has_value(); }
  http::response& get() { return **slot; }
};

class harness {
 public:
  explicit harness(options o) : srv_(std::make_shared<server>(ioc_.get_executor(), std::move(o))) {
    closes_ = serve_echo(*srv_);
  }

  server& srv() { return *srv_; }
  std::vector<std::string> closes() const { return closes_->reasons(); }

  pending_response start(bhttp::verb verb, std::string target, std::string body = {},
                         std::vector<std::pair<bhttp::field, std::string>> headers = {}) {
    http::request req{verb, target, 11};
    for (auto& [f, v] : headers) req.set(f, v);
    req.body() = std::move(body);
    req.prepare_payload();
    pending_response p;
    srv_->handle(std::move(req), http::peer{"127.0.0.1", false},
                 [slot = p.slot](http::response res) { *slot = std::move(res); });
    return p;
  }

  /// Runs the io_context until `p` is answered or `limit` passes.
  bool wait(const pending_response& p, std::chrono::milliseconds limit = std::chrono::seconds(2)) {
    return run_until([&] { return p.ready(); }, limit);
  }

  template <class Pred>
  bool run_until(Pred done, std::chrono::milliseconds limit) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (!done() && std::chrono::steady_clock::now() < deadline) {
      ioc_.restart();
      ioc_.run_one_for(std::chrono::milliseconds(5));
    }
    return done();
  }

  void run_for(std::chrono::milliseconds d) {
    run_until([] { return false; }, d);
  }

  /// Request + wait; fails the test if nothing answers.
  http::response call(bhttp::verb verb, std::string target, std::string body = {},
                      std::vector<std::pair<bhttp::field, std::string>> headers = {}) {
    auto p = start(verb, std::move(target), std::move(body), std::move(headers));
    if (!wait(p)) return http::response{bhttp::status::unknown, 11};
    return p.get();
  }

  /// Opens a polling session; returns its sid (empty on failure).
  std::string open_polling() {
    auto res = call(bhttp::verb::get, "/engine.io/?EIO=4&transport=polling");
    const std::string& b = res.body();
    const auto at = b.find(R"("sid":")");
    return at == std::string::npos ? std::string() : b.substr(at + 7, 20);
  }

  static std::string polling(const std::string& sid) {
    return "/engine.io/?EIO=4&transport=polling&sid=" + sid;
  }

 private:
  net::io_context ioc_;
  std::shared_ptr<server> srv_;
  std::shared_ptr<close_log> closes_;
};

}  // namespace parley::engineio::testing
