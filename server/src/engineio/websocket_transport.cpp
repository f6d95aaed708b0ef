#include "engineio/websocket_transport.hpp"

#include <array>
#include <chrono>
#include <utility>

namespace parley::engineio {
namespace {

/// The connection's socket, re-created on `strand` so every completion runs there.
tcp::socket rebind(beast::tcp_stream stream, const net::any_io_executor& strand) {
  tcp::socket old = stream.release_socket();
  error_code ec;
  const auto protocol = old.local_endpoint(ec).protocol();
  tcp::socket fresh(strand);
  const auto fd = old.release(ec);
  if (!ec) fresh.assign(protocol, fd, ec);
  return fresh;  // on failure: a closed socket, whose accept fails cleanly
}

bool is_peer_gone(const error_code& ec) {
  return ec == websocket::error::closed || ec == net::error::eof ||
         ec == net::error::connection_reset || ec == net::error::broken_pipe ||
         ec == net::error::operation_aborted;
}

constexpr char type_digits[] = "0123456";

}  // namespace

websocket_transport::websocket_transport(beast::tcp_stream stream, net::any_io_executor strand,
                                         std::size_t max_message)
    : ws_(rebind(std::move(stream), strand)) {
  beast::get_lowest_layer(ws_).expires_never();  // the websocket timeouts below take over
  websocket::stream_base::timeout t{};
  t.handshake_timeout = std::chrono::seconds(10);   // opening and closing handshakes
  t.idle_timeout = websocket::stream_base::none();  // Engine.IO heartbeats find dead peers
  t.keep_alive_pings = false;
  ws_.set_option(t);
  ws_.read_message_max(max_message);
  ws_.auto_fragment(false);
}

void websocket_transport::accept(http::request req, std::function<void(error_code)> done) {
  upgrade_request_ = std::move(req);
  ws_.async_accept(upgrade_request_,
                   [self = shared_from_this(), done = std::move(done)](error_code ec) {
                     self->upgrade_request_ = {};
                     done(ec);
                   });
}

void websocket_transport::start(std::weak_ptr<websocket_events> events) {
  events_ = std::move(events);
  read();
}

void websocket_transport::read() {
  ws_.async_read(buffer_,
                 [self = shared_from_this()](error_code ec, std::size_t) { self->on_read(ec); });
}

void websocket_transport::on_read(error_code ec) {
  if (ec) {
    report_closed(is_peer_gone(ec) ? "transport close" : "transport error");
    return;
  }
  if (auto events = events_.lock()) {
    const auto bytes = buffer_.cdata();
    events->on_frame(*this, {static_cast<const char*>(bytes.data()), bytes.size()},
                     !ws_.got_text());
  } else {
    abort();
  }
  buffer_.consume(buffer_.size());
  if (aborted_) return;
  read();  // completes through the strand queue even when the next frame is already buffered
  if (std::exchange(hold_writes_, false))
    net::post(ws_.get_executor(), [self = shared_from_this()] { self->write_next(); });
}

void websocket_transport::send(out_packet p) {
  if (aborted_ || close_requested_) return;
  queued_bytes_ += p.queued_size();
  queue_.push_back(std::move(p));
  write_next();
}

void websocket_transport::send_after_input(out_packet p) {
  hold_writes_ = true;
  send(std::move(p));
}

void websocket_transport::write_next() {
  if (writing_ || aborted_ || hold_writes_) return;
  if (queue_.empty()) {
    if (close_requested_ && !closing_) {
      closing_ = true;
      ws_.async_close(websocket::close_code::normal, [self = shared_from_this()](error_code ec) {
        if (ec) self->abort();
      });
    }
    return;
  }
  writing_ = true;
  const out_packet& p = queue_.front();
  auto done = [self = shared_from_this()](error_code ec, std::size_t) { self->on_write(ec); };
  const std::string_view data = p.data();
  if (p.binary) {
    ws_.binary(true);
    ws_.async_write(net::buffer(data.data(), data.size()), std::move(done));
  } else {
    ws_.text(true);
    const std::array<net::const_buffer, 2> buffers{
        net::buffer(type_digits + static_cast<int>(p.type), 1),
        net::buffer(data.data(), data.size())};
    ws_.async_write(buffers, std::move(done));
  }
}

void websocket_transport::on_write(error_code ec) {
  writing_ = false;
  queued_bytes_ -= queue_.front().queued_size();
  queue_.pop_front();
  if (ec) {
    abort();
    return;
  }
  write_next();
}

void websocket_transport::close_after_flush() {
  close_requested_ = true;
  write_next();
}

void websocket_transport::abort() {
  if (aborted_) return;
  aborted_ = true;
  error_code ec;
  beast::get_lowest_layer(ws_).socket().shutdown(tcp::socket::shutdown_both, ec);
  beast::get_lowest_layer(ws_).socket().close(ec);
}

void websocket_transport::report_closed(std::string_view reason) {
  if (reported_) return;
  reported_ = true;
  if (auto events = events_.lock()) events->on_closed(*this, reason);
}

}  // namespace parley::engineio
