#include "engineio/session.hpp"

namespace parley::engineio {
namespace {

/// Whether the calling thread is inside `ex` (a strand, or a one-thread io_context).
bool running_in(const net::any_io_executor& ex) {
  if (const auto* s = ex.target<net::strand<net::any_io_executor>>())
    return s->running_in_this_thread();
  if (const auto* e = ex.target<net::io_context::executor_type>())
    return e->running_in_this_thread();
  return false;
}

}  // namespace

session::session(net::any_io_executor executor, std::string sid, struct handshake hs,
                 std::shared_ptr<const options> opts,
                 std::function<void(const std::string&)> on_closed)
    : executor_(std::move(executor)),
      id_(std::move(sid)),
      handshake_(std::move(hs)),
      opts_(std::move(opts)),
      on_closed_(std::move(on_closed)),
      timer_(executor_) {}

session::~session() = default;

std::shared_ptr<session> session::self() {
  return std::static_pointer_cast<session>(shared_from_this());
}

std::string_view session::transport() const {
  return upgraded_ ? "websocket" : "polling";
}

void session::send(message m) {
  if (!m.data) return;
  if (running_in(executor_)) {
    do_send(std::move(m));
  } else {
    net::post(executor_,
              [self = self(), m = std::move(m)]() mutable { self->do_send(std::move(m)); });
  }
}

void session::do_send(message m) {
  if (state_ != state::open) return;
  enqueue({packet_type::message, m.binary, std::move(m.data), {}});
}

void session::close() {
  net::dispatch(executor_, [self = self()] { self->close_with("forced close"); });
}

void session::enqueue(out_packet p) {
  if (upgraded_) {
    if (!ws_) return;  // the connection already ended
    ws_->send(std::move(p));
    if (ws_->queued_bytes() > opts_->max_send_queue_bytes) finish("transport error");
    return;
  }
  polling_.push(std::move(p));
  if (polling_.queued_bytes() > opts_->max_send_queue_bytes) {
    finish("transport error");
    return;
  }
  polling_.flush();
}

void session::open_packet() {
  const bool upgradable = !upgraded_ && opts_->allow_upgrades && opts_->allow_websocket;
  std::string json = R"({"sid":")" + id_ + R"(","upgrades":)" +
                     (upgradable ? R"(["websocket"])" : "[]") + R"(,"pingInterval":)" +
                     std::to_string(opts_->ping_interval.count()) + R"(,"pingTimeout":)" +
                     std::to_string(opts_->ping_timeout.count()) + R"(,"maxPayload":)" +
                     std::to_string(opts_->max_payload) + "}";
  enqueue(control_packet(packet_type::open, std::move(json)));
}

void session::start_polling(reply r, const server::connection_handler& on_connection) {
  open_packet();
  polling_.hold(std::move(r));
  polling_.flush();
  arm_timer(timer_phase::ping_due, opts_->ping_interval);
  if (on_connection) on_connection(self());
}

void session::start_websocket(std::shared_ptr<websocket_transport> ws,
                              const server::connection_handler& on_connection) {
  ws_ = std::move(ws);
  upgraded_ = true;
  open_packet();
  arm_timer(timer_phase::ping_due, opts_->ping_interval);
  // The listener first: start() delivers at once the frames that already arrived (a client
  // may send right after the 101, before it reads the open packet), and a frame delivered
  // before anyone listens would be lost.
  if (on_connection) on_connection(self());
  ws_->start(self());
}

void session::release() {
  on_closed_ = nullptr;
  listener_.reset();
  ws_.reset();
  probe_.reset();
}

void session::close_with(std::string reason, bool await_poll) {
  if (state_ != state::open) return;
  state_ = state::closing;
  close_reason_ = std::move(reason);
  abandon_probe();
  if (upgraded_) {
    ws_->close_after_flush();  // on_closed() finishes
  } else if (polling_.holding()) {
    polling_.release(packet_type::close);
    finish(close_reason_);
  } else if (await_poll) {  // the client's next GET takes the rest and the close packet
    arm_timer(timer_phase::close_due, opts_->ping_interval + opts_->ping_timeout);
  } else {
    finish(close_reason_);
  }
}

bool session::on_packet(const packet& p) {
  if (state_ != state::open) return state_ != state::closed;  // closing: input is ignored
  switch (p.type) {
    case packet_type::message:
      if (auto l = listener_) l->on_message(p.data, p.binary);  // `l` outlives a close inside
      return state_ != state::closed;
    case packet_type::pong:
      if (phase_ == timer_phase::pong_due) arm_timer(timer_phase::ping_due, opts_->ping_interval);
      return true;
    case packet_type::close:
      finish("transport close", packet_type::noop);
      return false;
    case packet_type::ping:  // in v4 only the server pings
      finish("transport error");
      return false;
    default:  // open, upgrade, noop: ignored, as the reference server does
      return true;
  }
}

void session::arm_timer(timer_phase phase, std::chrono::milliseconds after) {
  phase_ = phase;
  timer_.expires_after(after);
  timer_.async_wait([self = self(), generation = ++timer_generation_](error_code ec) {
    self->on_timer(ec, generation);
  });
}

void session::on_timer(error_code ec, unsigned generation) {
  if (ec || generation != timer_generation_ || state_ == state::closed) return;
  switch (phase_) {
    case timer_phase::ping_due:
      enqueue(control_packet(packet_type::ping));
      if (state_ == state::open) arm_timer(timer_phase::pong_due, opts_->ping_timeout);
      break;
    case timer_phase::pong_due:
      finish("ping timeout");
      break;
    case timer_phase::close_due:
      finish(close_reason_);
      break;
  }
}

void session::finish(std::string_view reason, packet_type held_get_answer) {
  if (state_ == state::closed) return;
  auto keep = self();  // the server's map may hold the last reference
  state_ = state::closed;
  ++timer_generation_;
  timer_.cancel();
  cancel_upgrade_timer();
  polling_.release(held_get_answer);
  if (probe_) std::exchange(probe_, nullptr)->abort();
  if (ws_) {
    // A malformed packet gets a clean close; otherwise the peer is dead or too slow to wait for.
    if (reason == "parse error")
      ws_->close_after_flush();
    else
      ws_->abort();
  }
  if (on_closed_) on_closed_(id_);
  if (auto l = std::move(listener_)) l->on_close(reason);
}

}  // namespace parley::engineio
