#include "engineio/server.hpp"

#include "engineio/server_impl.hpp"

namespace parley::engineio {

server::server(net::any_io_executor ex, options opts)
    : impl_(std::make_shared<server_impl>(std::move(ex), std::move(opts))) {}

server::~server() {
  impl_->shutdown();
}

void server::on_connection(connection_handler h) {
  impl_->on_connection(std::move(h));
}
void server::shutdown() {
  impl_->shutdown();
}
void server::release() {
  impl_->release();
}
std::size_t server::session_count() const {
  return impl_->session_count();
}
const options& server::opts() const {
  return impl_->opts();
}

std::size_t server::body_limit(const bhttp::request_header<>&) const {
  return impl_->opts().max_payload;
}

void server::handle(http::request req, const http::peer& from, http::responder respond) {
  impl_->handle(std::move(req), from, std::move(respond));
}

bool server::wants_upgrade(const http::request& req) const {
  return websocket::is_upgrade(req);
}

void server::upgrade(http::request req, const http::peer& from, http::connection conn) {
  impl_->upgrade(std::move(req), from, std::move(conn));
}

}  // namespace parley::engineio
