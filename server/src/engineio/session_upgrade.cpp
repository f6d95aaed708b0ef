// session: the transport-facing half (long-polling requests, WebSocket frames, the upgrade).
#include "engineio/payload.hpp"
#include "engineio/session.hpp"

namespace parley::engineio {

void session::on_poll(reply r) {
  if (state_ == state::closed) return r.error(errc::unknown_sid);
  if (upgraded_) return r.error(errc::bad_request);  // the session moved to WebSocket
  if (polling_.holding()) {  // overlapping GETs: the reference closes the session
    r.error(errc::bad_request);
    finish("transport error");
    return;
  }
  polling_.hold(std::move(r));
  if (state_ == state::closing) {
    polling_.release(packet_type::close);
    finish(close_reason_);
  } else if (probed_) {
    polling_.release(packet_type::noop);  // the client is pausing polling to upgrade
  } else {
    polling_.flush();
  }
}

void session::on_post(std::string body, reply r) {
  if (state_ == state::closed) return r.error(errc::unknown_sid);
  if (upgraded_) return r.error(errc::bad_request);
  if (body.size() > opts_->max_payload) {
    r.status(bhttp::status::payload_too_large);
    finish("transport error");
    return;
  }
  payload_reader reader(body);
  while (auto p = reader.next())
    if (!on_packet(*p)) break;
  if (reader.failed() && state_ != state::closed) {
    r.error(errc::bad_request);
    finish("parse error");
    return;
  }
  r.ok();
}

void session::on_upgrade(std::shared_ptr<websocket_transport> ws) {
  if (state_ != state::open || upgraded_ || probe_ || !opts_->allow_upgrades) {
    // The reference server accepts such a socket, then closes it.
    ws->close_after_flush();
    return;
  }
  probe_ = std::move(ws);
  probed_ = false;
  if (!upgrade_timer_) upgrade_timer_ = std::make_unique<net::steady_timer>(executor_);
  upgrade_timer_->expires_after(opts_->upgrade_timeout);
  upgrade_timer_->async_wait([self = self(), t = probe_.get()](error_code ec) {
    if (!ec && self->probe_.get() == t) self->abandon_probe();
  });
  probe_->start(self());
}

void session::on_frame(websocket_transport& t, std::string_view data, bool binary) {
  if (probe_.get() == &t) return on_probe_frame(data, binary);
  if (ws_.get() != &t) return;
  if (binary) {
    on_packet({packet_type::message, data, true});
  } else if (auto p = decode_text_packet(data)) {
    on_packet(*p);
  } else if (state_ == state::open) {
    finish("parse error");
  }
}

void session::on_probe_frame(std::string_view data, bool binary) {
  const auto p = binary ? std::nullopt : decode_text_packet(data);
  if (p && p->type == packet_type::ping && p->data == "probe") {
    probe_->send_after_input(control_packet(packet_type::pong, "probe"));
    probed_ = true;
    polling_.release(packet_type::noop);  // end the held GET so the client can pause polling
  } else if (p && p->type == packet_type::upgrade) {
    complete_upgrade();
  } else {
    abandon_probe();
  }
}

void session::complete_upgrade() {
  cancel_upgrade_timer();
  polling_.release(packet_type::noop);
  ws_ = std::move(probe_);
  upgraded_ = true;
  probed_ = false;
  for (auto& p : polling_.take_queue()) ws_->send(std::move(p));
  if (ws_->queued_bytes() > opts_->max_send_queue_bytes) finish("transport error");
}

void session::abandon_probe() {
  if (!probe_) return;
  cancel_upgrade_timer();
  std::exchange(probe_, nullptr)->close_after_flush();
  probed_ = false;
}

void session::cancel_upgrade_timer() {
  if (upgrade_timer_) upgrade_timer_->cancel();
}

void session::on_closed(websocket_transport& t, std::string_view reason) {
  if (probe_.get() == &t) {
    cancel_upgrade_timer();
    probe_.reset();
    probed_ = false;
    return;
  }
  if (ws_.get() != &t) return;
  // The transport ends its connection itself (answering a close frame, or sending the close
  // code of a protocol violation), so finish() must not abort it.
  const auto ended = std::move(ws_);
  finish(state_ == state::closing ? std::string_view(close_reason_) : reason);
}

}  // namespace parley::engineio
