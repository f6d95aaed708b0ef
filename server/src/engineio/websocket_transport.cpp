#include "engineio/websocket_transport.hpp"

#include <chrono>
#include <cstring>
#include <utility>

namespace parley::engineio {
namespace {

/// Bytes one read takes off the socket: a whole burst of relayed messages, usually.
constexpr std::size_t read_chunk = 64 * 1024;
/// Full reads one connection gets before the others have their turn (256 KiB).
constexpr int reads_per_turn = 4;
/// Payloads up to this size are copied behind their frame header, so a burst of small
/// messages is one contiguous buffer; larger ones are written from where they are.
constexpr std::size_t inline_payload = 1024;
/// Write scratch space (per thread) kept between writes; a larger one is released.
constexpr std::size_t kept_scratch = 256 * 1024;
/// Send queue slots kept between bursts; a queue that grew past this is released.
constexpr std::size_t kept_queue = 2;
/// How long a closing connection may take to write what is queued and its close frame and to
/// hear the answer before it is dropped.
constexpr std::chrono::seconds close_timeout{5};

/// One read buffer per I/O thread: a connection keeps only the tail of an incomplete frame.
char* read_buffer() {
  thread_local const std::unique_ptr<char[]> buffer(new char[read_chunk]);
  return buffer.get();
}

/// Frame headers and small payloads of the write being made on this thread (encode_queue).
thread_local std::string write_scratch;
/// TLS: the ciphertext of the write being made on this thread (flush).
thread_local std::string cipher_scratch;

/// The connection's socket, re-created on `executor` so every completion runs there, and
/// non-blocking for the direct reads and writes below. (TCP_NODELAY stays as http::session set
/// it on accepting the connection: it belongs to the descriptor.)
tcp::socket rebind(tcp::socket old, const net::any_io_executor& executor) {
  error_code ec;
  const auto protocol = old.local_endpoint(ec).protocol();
  tcp::socket fresh(executor);
  const auto fd = old.release(ec);
  if (!ec) fresh.assign(protocol, fd, ec);
  if (!ec) fresh.non_blocking(true, ec);
  return fresh;  // on failure: a closed socket, whose first write fails cleanly
}

bool is_peer_gone(const error_code& ec) {
  return ec == net::error::eof || ec == net::error::connection_reset ||
         ec == net::error::broken_pipe || ec == net::error::operation_aborted;
}

}  // namespace

websocket_transport::websocket_transport(http::connection conn, net::any_io_executor executor,
                                         std::size_t max_message)
    : socket_(executor), max_message_(max_message) {
  if (auto* plain = std::get_if<beast::tcp_stream>(&conn)) {
    socket_ = rebind(plain->release_socket(), executor);
    return;
  }
  // TLS: the ssl::stream gives up its OpenSSL object and its socket, and is dropped with its
  // buffers; a state that cannot be taken over leaves socket_ closed.
  auto& stream = std::get<http::tls_stream>(conn);
  tls_ = adopt_tls(stream);
  if (tls_) socket_ = rebind(stream.next_layer().release_socket(), executor);
}

websocket_transport::~websocket_transport() = default;

void websocket_transport::accept(std::string switching_protocols,
                                 std::function<void(error_code)> done) {
  auto text = std::make_shared<std::string>(std::move(switching_protocols));
  if (tls_) {
    const std::vector<net::const_buffer> plain{net::buffer(*text)};
    std::string cipher;
    if (!tls_encrypt(plain, cipher)) {
      net::post(socket_.get_executor(), [self = shared_from_this(), done = std::move(done)] {
        done(net::error::connection_aborted);
      });
      return;
    }
    *text = std::move(cipher);
  }
  auto written = [self = shared_from_this(), text, done = std::move(done)](
                     error_code ec, std::size_t) { done(ec); };
  net::async_write(socket_, net::buffer(*text), std::move(written));
}

void websocket_transport::start(std::weak_ptr<websocket_events> events) {
  auto keep = shared_from_this();  // the owner may drop us while a frame is delivered
  events_ = std::move(events);
  wait_readable();
  // TLS: what the client sent before it had the 101 is framed first.
  if (tls_ && (!tls_->early.empty() || SSL_has_pending(tls_->ssl.get()))) {
    const std::string early = std::exchange(tls_->early, std::string());
    if (!tls_take(early.data(), early.size())) return;
  }
  read_available();
}

// Reading ---------------------------------------------------------------------------------

void websocket_transport::wait_readable() {
  socket_.async_wait(tcp::socket::wait_read,
                     [self = shared_from_this()](error_code ec) { self->on_readable(ec); });
}

void websocket_transport::on_readable(error_code ec) {
  if (ec) {
    report_closed(is_peer_gone(ec) ? "transport close" : "transport error");
    return;
  }
  if (aborted_) return;
  // Wait first, then drain: bytes arriving after the last read wake the new wait, so no
  // edge is lost between reading and waiting.
  wait_readable();
  read_available();
}

void websocket_transport::read_available() {
  const bool more = drain();
  // Writes held for this input batch (send_after_input) go now, whatever ended it.
  if (std::exchange(hold_writes_, false)) schedule_flush();
  // TLS: reading can make OpenSSL answer (an alert: docs/tls.md "WebSocket over TLS").
  if (tls_ && !tls_->pending.empty()) schedule_flush();
  if (more) {
    // A peer that keeps the socket full yields to the others between turns; the wait stays
    // armed, and this picks up where the turn stopped.
    net::post(socket_.get_executor(), [self = shared_from_this()] {
      if (!self->aborted_) self->read_available();
    });
  }
}

bool websocket_transport::drain() {
  char* buffer = read_buffer();
  for (int turn = 0;; ++turn) {
    if (turn == reads_per_turn) return true;
    if (over_output_limit()) return false;
    error_code ec;
    const std::size_t n = socket_.read_some(net::buffer(buffer, read_chunk), ec);
    if (ec == net::error::would_block || ec == net::error::try_again) return false;
    if (ec) {
      report_closed(input_closed_ || is_peer_gone(ec) ? "transport close" : "transport error");
      abort();
      return false;
    }
    if (!input_closed_ && !(tls_ ? tls_take(buffer, n) : take(buffer, n))) return false;
    if (n < read_chunk) return false;  // the socket had no more: a new arrival wakes the wait
  }
}

bool websocket_transport::take(char* data, std::size_t n) {
  if (partial_.empty()) {
    const auto used = consume(data, n);
    if (!used) return false;
    if (*used < n) partial_.assign(data + *used, n - *used);
  } else {
    partial_.append(data, n);
    const auto used = consume(partial_.data(), partial_.size());
    if (!used) return false;
    partial_.erase(0, *used);
    if (partial_.empty() && partial_.capacity() > read_chunk) partial_ = std::string();
  }
  return true;
}

std::optional<std::size_t> websocket_transport::consume(char* in, std::size_t size) {
  std::size_t at = 0;
  while (!input_closed_ && !aborted_) {
    ws::frame_header h;
    const auto result = ws::decode_header({in + at, size - at}, h);
    if (result == ws::decode_result::need_more) break;
    if (result != ws::decode_result::ok) {
      fail(ws::close_code::protocol_error);
      return std::nullopt;
    }
    if (!ws::is_control(h.op) && h.length > max_message_ - fragments_.size()) {
      fail(ws::close_code::too_big);
      return std::nullopt;
    }
    if (size - at - h.header_size < h.length) break;  // the payload is still arriving
    char* payload = in + at + h.header_size;
    ws::unmask(payload, h.length, h.key);
    at += h.header_size + h.length;
    if (!on_frame(h, payload)) return std::nullopt;
  }
  return at;
}

bool websocket_transport::on_frame(const ws::frame_header& h, char* payload) {
  const std::string_view data(payload, h.length);
  switch (h.op) {
    case ws::opcode::text:
    case ws::opcode::binary:
      if (fragments_op_ != ws::opcode::continuation) break;  // a message is still open
      if (h.fin) return deliver(h.op, data);
      fragments_op_ = h.op;
      fragments_.assign(data);
      return true;
    case ws::opcode::continuation: {
      if (fragments_op_ == ws::opcode::continuation) break;  // nothing to continue
      fragments_.append(data);
      if (!h.fin) return true;
      const std::string message = std::exchange(fragments_, std::string());
      return deliver(std::exchange(fragments_op_, ws::opcode::continuation), message);
    }
    case ws::opcode::ping:
      return queue_pong(data);
    case ws::opcode::pong:
      return true;
    case ws::opcode::close:
      on_peer_close(data);
      return false;
  }
  fail(ws::close_code::protocol_error);
  return false;
}

bool websocket_transport::deliver(ws::opcode op, std::string_view message) {
  if (op == ws::opcode::text && !ws::is_valid_utf8(message)) {
    fail(ws::close_code::invalid_payload);
    return false;
  }
  if (close_requested_) return true;  // closing: input is read for the close frame only
  auto events = events_.lock();
  if (!events) {
    abort();
    return false;
  }
  events->on_frame(*this, message, op == ws::opcode::binary);
  return !aborted_ && !input_closed_;
}

void websocket_transport::fail(ws::close_code code) {
  input_closed_ = true;
  start_closing(code);
  report_closed("transport error");
}

void websocket_transport::on_peer_close(std::string_view payload) {
  input_closed_ = true;
  if (!ws::is_valid_close_payload(payload)) return fail(ws::close_code::protocol_error);
  if (close_sent_) {
    abort();  // the peer answered our close: the handshake is complete
  } else {
    // Echo the peer's code once what is queued is written (RFC 6455 section 5.5.1).
    start_closing(payload.empty()
                      ? ws::close_code{}
                      : static_cast<ws::close_code>((static_cast<std::uint8_t>(payload[0]) << 8) |
                                                    static_cast<std::uint8_t>(payload[1])));
  }
  report_closed("transport close");
}

// Writing ---------------------------------------------------------------------------------

void websocket_transport::send(out_packet p) {
  if (aborted_ || close_requested_) return;
  queued_bytes_ += p.queued_size();
  queue_.push_back(std::move(p));
  schedule_flush();
}

void websocket_transport::send_after_input(out_packet p) {
  hold_writes_ = true;
  send(std::move(p));
}

void websocket_transport::schedule_flush() {
  if (flush_scheduled_ || !backlog_.empty() || aborted_) return;
  flush_scheduled_ = true;
  // Deferred: every packet queued by the handler running now joins the same write.
  net::defer(socket_.get_executor(), [self = shared_from_this()] {
    self->flush_scheduled_ = false;
    self->flush();
  });
}

void websocket_transport::queue_control(ws::opcode op, std::string_view payload) {
  char header[ws::max_header_size];
  control_.append(header, ws::encode_header(header, op, payload.size()));
  control_.append(payload);
}

bool websocket_transport::queue_pong(std::string_view payload) {
  if (pong_pending_) control_debt_ += ws::max_header_size + pong_.size();
  pong_.assign(payload);
  pong_pending_ = true;
  if (over_output_limit()) return false;
  schedule_flush();
  return true;
}

bool websocket_transport::over_output_limit() {
  if (queued_bytes() <= output_limit_) return false;
  // A peer that does not read cannot take a close frame either: drop it.
  report_closed("transport error");
  abort();
  return true;
}

const std::vector<net::const_buffer>& websocket_transport::encode_queue() {
  // Frames are laid out in a per-thread scratch buffer: control frames, then each packet's
  // header and type digit with its payload copied behind it when small; large payloads are
  // written from their own (shared) buffer.
  thread_local std::vector<net::const_buffer> buffers;
  std::size_t need = control_.size();
  for (const auto& p : queue_) {
    const std::size_t size = p.data().size();
    need += ws::max_header_size + 1 + (size <= inline_payload ? size : 0);
  }
  if (pong_pending_) need += ws::max_header_size + pong_.size();
  if (write_scratch.size() < need) write_scratch.resize(need);
  char* w = write_scratch.data();
  char* segment = w;
  buffers.clear();
  if (std::exchange(pong_pending_, false)) {
    w = ws::encode_header(w, ws::opcode::pong, pong_.size());
    std::memcpy(w, pong_.data(), pong_.size());
    w += pong_.size();
  }
  std::memcpy(w, control_.data(), control_.size());
  w += control_.size();
  control_.clear();
  for (const auto& p : queue_) {
    const std::string_view data = p.data();
    if (p.binary) {
      w = ws::encode_header(w, ws::opcode::binary, data.size());
    } else {
      w = ws::encode_header(w, ws::opcode::text, data.size() + 1);
      *w++ = type_char(p.type);
    }
    if (data.size() <= inline_payload) {
      std::memcpy(w, data.data(), data.size());
      w += data.size();
    } else {
      buffers.emplace_back(segment, static_cast<std::size_t>(w - segment));
      buffers.emplace_back(data.data(), data.size());
      segment = w;
    }
  }
  if (w > segment) buffers.emplace_back(segment, static_cast<std::size_t>(w - segment));
  return buffers;
}

bool websocket_transport::has_output() const {
  return !queue_.empty() || !control_.empty() || pong_pending_ || (tls_ && !tls_->pending.empty());
}

void websocket_transport::flush() {
  if (!backlog_.empty() || aborted_ || hold_writes_) return;
  bool closing_now = false;
  if (queue_.empty() && close_requested_ && !close_sent_) {
    const auto code = static_cast<unsigned>(close_code_);
    const char bytes[2] = {static_cast<char>(code >> 8), static_cast<char>(code & 0xFF)};
    queue_control(ws::opcode::close, code == 0 ? std::string_view() : std::string_view(bytes, 2));
    close_sent_ = closing_now = true;
  }
  if (!has_output()) return;

  // Most writes go out whole at once; only what the socket does not take is copied (before
  // the queue and scratch that the buffers point into are released) and waited for.
  thread_local const std::vector<net::const_buffer> no_frames;
  const bool frames = !queue_.empty() || !control_.empty() || pong_pending_;
  const std::vector<net::const_buffer>* out = frames ? &encode_queue() : &no_frames;
  error_code ec;
  if (tls_) {
    // The same write, of ciphertext (docs/tls.md).
    thread_local std::vector<net::const_buffer> sealed(1);
    if (!tls_encrypt(*out, cipher_scratch)) ec = net::error::connection_aborted;
    sealed[0] = net::buffer(cipher_scratch);
    out = &sealed;
  }
  const std::vector<net::const_buffer>& buffers = *out;
  const std::size_t total = net::buffer_size(buffers);
  std::size_t written = 0;
  if (!ec) {
    written = socket_.write_some(buffers, ec);
    if (ec == net::error::would_block || ec == net::error::try_again) {
      ec = {};
      written = 0;
    }
  }
  if (!ec && written < total) {
    beast::buffers_suffix<std::vector<net::const_buffer>> rest(buffers);
    rest.consume(written);
    backlog_.resize(total - written);
    net::buffer_copy(net::buffer(backlog_), rest);
  }
  queue_.clear();
  if (queue_.capacity() > kept_queue) std::vector<out_packet>().swap(queue_);
  queued_bytes_ = backlog_.size();
  if (backlog_.empty()) control_debt_ = 0;  // the peer takes what it is sent
  if (write_scratch.size() > kept_scratch) {
    write_scratch.clear();
    write_scratch.shrink_to_fit();
  }
  if (cipher_scratch.capacity() > kept_scratch) std::string().swap(cipher_scratch);
  if (ec) {
    abort();  // the pending wait then reports the close
    return;
  }
  if (backlog_.empty()) {
    if (closing_now) on_close_written();
    return;
  }
  write_backlog(closing_now);
}

void websocket_transport::write_backlog(bool closing_now) {
  auto done = [self = shared_from_this(), closing_now](error_code ec, std::size_t) {
    self->on_written(ec, closing_now);
  };
  net::async_write(socket_, net::buffer(backlog_), std::move(done));
}

void websocket_transport::on_written(error_code ec, bool closing_now) {
  queued_bytes_ -= backlog_.size();
  std::string().swap(backlog_);
  control_debt_ = 0;
  if (ec) {
    abort();  // the pending wait then reports the close
    return;
  }
  if (closing_now) return on_close_written();
  flush();
}

void websocket_transport::on_close_written() {
  // The peer's close came first, or nobody reads its answer: done. Otherwise the close timer
  // bounds the wait for the answer.
  if (!aborted_ && (input_closed_ || !events_.lock())) abort();
}

void websocket_transport::start_closing(ws::close_code code) {
  if (close_requested_) return;
  close_requested_ = true;
  close_code_ = code;
  // Flushing what is queued, writing the close frame and hearing the peer's answer all fit in
  // close_timeout, or the connection is dropped (a peer that stopped reading cannot hold it).
  close_timer_ = std::make_unique<net::steady_timer>(socket_.get_executor(), close_timeout);
  close_timer_->async_wait([self = shared_from_this()](error_code ec) {
    if (!ec) self->abort();
  });
  schedule_flush();
}

void websocket_transport::close_after_flush() {
  if (aborted_) return;
  start_closing(ws::close_code::normal);
}

void websocket_transport::abort() {
  if (aborted_) return;
  aborted_ = true;
  if (close_timer_) close_timer_->cancel();
  if (tls_) tls_close_notify();
  error_code ec;
  socket_.shutdown(tcp::socket::shutdown_both, ec);
  socket_.close(ec);
}

void websocket_transport::report_closed(std::string_view reason) {
  if (reported_) return;
  reported_ = true;
  if (auto events = events_.lock()) events->on_closed(*this, reason);
}

}  // namespace parley::engineio
