#include "http/listener.hpp"

#include "core/log.hpp"
#include "http/session.hpp"

namespace parley::http {

listener::listener(net::io_context& ioc, const server_options& opts, std::shared_ptr<handler> root)
    : ioc_(ioc),
      opts_(opts),
      root_(std::move(root)),
      limits_(std::make_shared<connection_limits>(
          opts.max_connections, opts.max_connections_per_address, opts.uncounted_addresses)),
      acceptor_(net::make_strand(ioc)) {}

error_code listener::open(const tcp::endpoint& ep, int backlog) {
  error_code ec;
  acceptor_.open(ep.protocol(), ec);
  if (!ec) acceptor_.set_option(net::socket_base::reuse_address(true), ec);
  if (!ec) acceptor_.bind(ep, ec);
  if (!ec) acceptor_.listen(backlog, ec);
  if (!ec) port_ = acceptor_.local_endpoint(ec).port();
  return ec;
}

void listener::start() {
  net::co_spawn(
      acceptor_.get_executor(), [self = shared_from_this()] { return self->accept_loop(); },
      net::detached);
}

net::awaitable<void> listener::accept_loop() {
  while (acceptor_.is_open()) {
    auto [ec, socket] =
        co_await acceptor_.async_accept(net::make_strand(ioc_), net::as_tuple(net::use_awaitable));
    if (ec == net::error::operation_aborted || !acceptor_.is_open()) break;
    if (ec) {
      // Out of descriptors and the like: log, pause briefly, keep serving.
      log::warn("accept_failed", {{"error", ec.message()}});
      net::steady_timer pause(acceptor_.get_executor(), std::chrono::milliseconds(50));
      co_await pause.async_wait(net::as_tuple(net::use_awaitable));
      continue;
    }
    error_code peer_ec;
    auto slot = limits_->admit(socket.remote_endpoint(peer_ec).address());
    if (!slot) {
      socket.close(peer_ec);
      log_refusal();
      continue;
    }
    if (opts_.tls) {
      // The context of the moment: a SIGHUP reload affects connections accepted after it.
      auto ctx = opts_.tls->current();
      auto s = std::make_shared<session<tls_stream>>(opts_, root_, std::move(socket), *ctx);
      s->hold(std::move(slot));
      track(s);
      s->start();
    } else {
      auto s = std::make_shared<session<beast::tcp_stream>>(opts_, root_, std::move(socket));
      s->hold(std::move(slot));
      track(s);
      s->start();
    }
  }
}

void listener::log_refusal() const {
  const auto refused = limits_->refused();
  if (refused == 1 || refused % 1000 == 0)
    log::warn("connections_refused", {{"total", refused}, {"open", limits_->open()}});
}

void listener::track(const std::shared_ptr<session_base>& s) {
  std::lock_guard lock(mutex_);
  // Drop dead entries now and then so the list stays proportional to live sessions.
  if (sessions_.size() >= 64 && sessions_.size() % 64 == 0)
    std::erase_if(sessions_, [](const auto& w) { return w.expired(); });
  sessions_.push_back(s);
}

void listener::stop() {
  net::post(acceptor_.get_executor(), [self = shared_from_this()] {
    error_code ec;
    self->acceptor_.close(ec);
  });
  std::vector<std::weak_ptr<session_base>> copy;
  {
    std::lock_guard lock(mutex_);
    copy.swap(sessions_);
  }
  for (auto& w : copy)
    if (auto s = w.lock()) s->close_when_idle();
}

}  // namespace parley::http
