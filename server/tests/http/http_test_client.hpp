// A blocking loopback HTTP client and a server running on its own threads, for http tests.
#pragma once

#include <thread>
#include <vector>

#include "http/server.hpp"

namespace parley::http::testing {

/// Runs an http::server on 127.0.0.1:<free port> with two I/O threads until destroyed.
class running_server {
 public:
  explicit running_server(std::shared_ptr<handler> root, server_options opts = {})
      : work_(net::make_work_guard(ioc_)) {
    opts.port = 0;
    srv_ = std::make_unique<server>(ioc_, opts, std::move(root));
    if (auto ec = srv_->listen()) throw boost::system::system_error(ec);
    for (int i = 0; i < 2; ++i) threads_.emplace_back([this] { ioc_.run(); });
  }
  ~running_server() {
    srv_->stop();
    work_.reset();
    ioc_.stop();
    for (auto& t : threads_) t.join();
  }
  std::uint16_t port() const { return srv_->port(); }
  net::io_context& ioc() { return ioc_; }

 private:
  net::io_context ioc_;
  net::executor_work_guard<net::io_context::executor_type> work_;
  std::unique_ptr<server> srv_;
  std::vector<std::thread> threads_;
};

/// Connects, sends `req` (target, body) and reads one response.
class client {
 public:
  explicit client(std::uint16_t port) : stream_(ioc_) {
    stream_.connect(tcp::endpoint{net::ip::make_address("127.0.0.1"), port});
  }
  response send(request req) {
    req.set(bhttp::field::host, "127.0.0.1");
    req.prepare_payload();
    bhttp::write(stream_, req);
    return read();
  }
  response read() {
    response res;
    bhttp::read(stream_, buffer_, res);
    return res;
  }
  beast::tcp_stream& stream() { return stream_; }

 private:
  net::io_context ioc_;
  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
};

inline request make_request(bhttp::verb verb, std::string target, std::string body = {}) {
  request req{verb, target, 11};
  req.body() = std::move(body);
  return req;
}

}  // namespace parley::http::testing
