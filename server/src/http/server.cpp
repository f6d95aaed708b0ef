#include "http/server.hpp"

#include "http/listener.hpp"

namespace parley::http {

server::server(net::io_context& ioc, server_options opts, std::shared_ptr<handler> root)
    : ioc_(ioc), opts_(std::move(opts)), root_(std::move(root)) {}

server::~server() {
  if (listener_) listener_->stop();
}

error_code server::listen() {
  error_code ec;
  auto address = net::ip::make_address(opts_.host, ec);
  if (ec) return ec;
  listener_ = std::make_shared<listener>(ioc_, opts_, root_);
  ec = listener_->open(tcp::endpoint{address, opts_.port}, opts_.backlog);
  if (ec) {
    listener_.reset();
    return ec;
  }
  listener_->start();
  return {};
}

std::uint16_t server::port() const {
  return listener_ ? listener_->port() : 0;
}

void server::stop() {
  if (listener_) listener_->stop();
}

}  // namespace parley::http
