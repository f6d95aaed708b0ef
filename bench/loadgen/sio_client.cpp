#include "loadgen/sio_client.hpp"

#include <netinet/in.h>
#include <sys/socket.h>

#include <boost/json/serialize.hpp>
#include <boost/json/string.hpp>

namespace parley::bench {
namespace {
bool tls_on = false;
constexpr auto as_tuple = net::as_tuple(net::use_awaitable);
// Relayed SDP stays under 64 KiB (docs/signaling.md, Limits); anything larger is a server bug worth
// a close.
constexpr std::size_t max_frame = 1 << 20;

// Appends one client-to-server text frame (RFC 6455 5.2). The mask key is zero, which servers
// accept and unmask as usual; it spares the generator a pass over every payload.
void append_text_frame(std::string& out, std::string_view prefix, std::string_view body) {
  const auto n = prefix.size() + body.size();
  out.push_back(char(0x81));  // FIN, text
  if (n < 126) {
    out.push_back(char(0x80 | n));
  } else if (n <= 0xffff) {
    out.push_back(char(0x80 | 126));
    out.push_back(char(n >> 8));
    out.push_back(char(n & 0xff));
  } else {
    out.push_back(char(0x80 | 127));
    for (int shift = 56; shift >= 0; shift -= 8) out.push_back(char((n >> shift) & 0xff));
  }
  out.append(4, '\0');  // mask key
  out.append(prefix);
  out.append(body);
}
}  // namespace

sio_client::sio_client(net::io_context& io, handler& h, std::size_t tag)
    : ws_(io), handler_(&h), tag_(tag) {
  if (tls_on)
    wss_ = std::make_unique<websocket::stream<net::ssl::stream<tcp::socket>>>(io, tls_context());
}

void sio_client::use_tls(bool on) {
  tls_on = on;
}

net::ssl::context& sio_client::tls_context() {
  static net::ssl::context ctx = [] {
    net::ssl::context c(net::ssl::context::tls_client);
    c.set_verify_mode(net::ssl::verify_none);
    SSL_CTX_set_alpn_protos(c.native_handle(),
                            reinterpret_cast<const unsigned char*>("\x08http/1.1"), 9);
    return c;
  }();
  return ctx;
}

void sio_client::start(tcp::endpoint target, net::ip::address source, std::string token) {
  net::co_spawn(ws_.get_executor(), run(target, source, std::move(token)), net::detached);
}

net::awaitable<void> sio_client::run(tcp::endpoint target, net::ip::address source,
                                     std::string token) {
  auto self = shared_from_this();
  auto& sock = socket();
  error_code ec;
  sock.open(tcp::v4(), ec);
  if (!ec) {
    // Defers the port choice to connect(), so ports are shared across destinations per source.
    int one = 1;
    ::setsockopt(sock.native_handle(), IPPROTO_IP, IP_BIND_ADDRESS_NO_PORT, &one, sizeof one);
    sock.bind(tcp::endpoint(source, 0), ec);
  }
  if (ec) co_return finish("bind");
  if (auto [e] = co_await sock.async_connect(target, as_tuple); e) co_return finish("connect");
  sock.set_option(tcp::no_delay(true), ec);
  const auto host = target.address().to_string() + ":" + std::to_string(target.port());
  constexpr auto path = "/socket.io/?EIO=4&transport=websocket";
  if (wss_) {
    auto [t] = co_await wss_->next_layer().async_handshake(net::ssl::stream_base::client, as_tuple);
    if (t) co_return finish("tls_handshake");
    wss_->read_message_max(max_frame);
    if (auto [e] = co_await wss_->async_handshake(host, path, as_tuple); e)
      co_return finish("websocket_handshake");
  } else {
    ws_.read_message_max(max_frame);
    if (auto [e] = co_await ws_.async_handshake(host, path, as_tuple); e)
      co_return finish("websocket_handshake");
  }
  auto open = co_await read_frame("engineio_open");
  if (finished_) co_return;
  if (open.empty() || open.front() != '0') co_return finish("engineio_open");
  in_.consume(in_.size());
  send_raw("40", "{\"token\":" + json::serialize(json::string(token)) + "}");
  while (!finished_) {
    auto frame = co_await read_frame("read");
    if (finished_) co_return;
    dispatch(frame);
    in_.consume(in_.size());
  }
}

net::awaitable<std::string_view> sio_client::read_frame(std::string_view step) {
  auto [e, n] =
      wss_ ? co_await wss_->async_read(in_, as_tuple) : co_await ws_.async_read(in_, as_tuple);
  if (e) {
    finish(e == websocket::error::closed ? "server_closed" : step);
    co_return std::string_view{};
  }
  const auto data = in_.cdata();
  co_return std::string_view(static_cast<const char*>(data.data()), data.size());
}

void sio_client::dispatch(std::string_view frame) {
  if (frame == "2") return send_raw("3", {});  // Engine.IO ping -> pong
  if (frame.empty() || frame.front() != '4') {
    if (!frame.empty() && frame.front() == '1') finish("engineio_close");
    return;
  }
  const auto packet = frame.substr(1);
  if (packet.starts_with('0')) {  // CONNECT ack: 0{"sid":"..."}
    constexpr std::string_view key = "\"sid\":\"";
    const auto at = packet.find(key);
    if (at == std::string_view::npos) return finish("socketio_connect");
    const auto from = at + key.size();
    sid_ = std::string(packet.substr(from, packet.find('"', from) - from));
    open_ = true;
    if (handler_) handler_->on_open(*this);
    return;
  }
  if (packet.starts_with('4')) return finish("connect_error");
  if (packet.starts_with('1')) return finish("socketio_disconnect");
  if (handler_) handler_->on_packet(*this, packet);
}

void sio_client::emit(std::string_view packet) {
  send_raw("4", packet);
}

void sio_client::send_raw(std::string_view engineio_prefix, std::string_view body) {
  if (finished_) return;
  append_text_frame(queued_, engineio_prefix, body);
  if (!writing_) write_next();
}

// Writes the raw frames on the TCP socket, past Beast: the generator never writes through
// Beast after the handshake, so the two writers cannot interleave.
void sio_client::write_next() {
  writing_ = true;
  writing_buf_.clear();
  writing_buf_.swap(queued_);
  auto done = [self = shared_from_this()](error_code ec, std::size_t) {
    if (ec) return self->finish("write");
    if (self->queued_.empty()) {
      self->writing_ = false;
    } else {
      self->write_next();
    }
  };
  if (wss_) {
    net::async_write(wss_->next_layer(), net::buffer(writing_buf_), std::move(done));
  } else {
    net::async_write(ws_.next_layer(), net::buffer(writing_buf_), std::move(done));
  }
}

void sio_client::close() {
  if (finished_) return;
  error_code ec;
  socket().close(ec);  // a tab closing: FIN, no close frame; the pending read ends
}

void sio_client::finish(std::string_view why) {
  if (finished_) return;
  finished_ = true;
  open_ = false;
  error_code ec;
  socket().close(ec);
  if (handler_) handler_->on_close(*this, why);
}

}  // namespace parley::bench
