#include "socketio/client.hpp"

#include "core/log.hpp"
#include "socketio/server.hpp"
#include "socketio/socket.hpp"

namespace parley::socketio {

client::client(socketio::server& srv, std::shared_ptr<engineio::socket> conn)
    : server_(srv),
      conn_(std::move(conn)),
      decoder_(srv.opts().max_attachments, srv.opts().max_attachment_bytes),
      connect_timer_(std::make_unique<net::steady_timer>(conn_->get_executor())) {}

void client::start() {
  conn_->set_listener(shared_from_this());
  connect_timer_->expires_after(server_.opts().connect_timeout);
  connect_timer_->async_wait([weak = weak_from_this()](error_code ec) {
    if (auto self = weak.lock(); self && !ec) self->on_connect_timeout();
  });
}

void client::on_connect_timeout() {
  if (ever_connected_ || closed_) return;
  log::debug("socketio_connect_timeout", {{"sid", conn_->id()}});
  closed_ = true;
  conn_->close();
}

void client::on_message(std::string_view data, bool binary) {
  if (closed_) return;
  if (!binary && !decoder_.pending() && try_raw(data)) return;
  auto decoded = decoder_.feed(data, binary);
  if (!decoded) return protocol_error(decoded.error());
  if (*decoded) on_packet(std::move(**decoded));
}

bool client::try_raw(std::string_view data) {
  auto h = parse_header(data, server_.opts().max_attachments);
  if (!h || h->type != packet_type::event) return false;
  const std::string_view json = data.substr(h->payload);
  auto name = peek_event_name(json);
  if (!name || reserved_event(*name)) return false;  // refused on the parsed path
  auto it = sockets_.find(h->nsp);
  if (it == sockets_.end() || !it->second->connected()) return false;
  auto s = it->second;  // keeps it alive through its own handlers
  switch (s->deliver_raw(*name, json, h->id).what()) {
    case raw_result::kind::handled:
      return true;
    case raw_result::kind::malformed:
      protocol_error(errc::bad_json);
      return true;
    case raw_result::kind::declined:
      return false;
  }
  return false;
}

void client::on_packet(packet p) {
  if (p.type == packet_type::connect) return on_connect(std::move(p));
  if (p.type == packet_type::connect_error) return protocol_error(errc::invalid_state);

  auto it = sockets_.find(p.nsp);
  if (it == sockets_.end() || !it->second->connected()) {
    // docs/protocol.md "What closes a connection": as in the reference server, a packet for a
    // namespace that is not connected is an invalid state.
    log::debug("socketio_packet_unconnected", {{"sid", conn_->id()}, {"nsp", p.nsp}});
    return protocol_error(errc::invalid_state);
  }
  auto s = it->second;  // keeps it alive through its own handlers
  switch (p.type) {
    case packet_type::disconnect:
      return s->closed("client namespace disconnect", false);
    case packet_type::event:
    case packet_type::binary_event:
      return s->deliver_event(payload(std::move(p.data.get_array()), std::move(p.attachments)),
                              p.id);
    case packet_type::ack:
    case packet_type::binary_ack:
      return s->deliver_ack(*p.id,
                            payload(std::move(p.data.get_array()), std::move(p.attachments)));
    default:
      return;
  }
}

void client::on_connect(packet p) {
  nsp* target = server_.find(p.nsp);
  if (!target) return refuse(p.nsp, {"Invalid namespace", nullptr});
  if (sockets_.contains(p.nsp)) return protocol_error(errc::invalid_state);

  struct handshake hs {
    p.data.is_object() ? std::move(p.data.get_object()) : json::object{}, &conn_->handshake()
  };
  auto s =
      std::make_shared<socket>(socket::passkey{}, *target, conn_, weak_from_this(), std::move(hs));
  sockets_.emplace(p.nsp, s);
  target->run_middlewares(s, 0, [weak = weak_from_this(), s](std::optional<connect_error> refusal) {
    if (auto self = weak.lock()) self->finish_connect(s, std::move(refusal));
  });
}

void client::finish_connect(const std::shared_ptr<socket>& s,
                            std::optional<connect_error> refusal) {
  auto it = sockets_.find(s->nsp().name());
  if (closed_ || it == sockets_.end() || it->second != s) return;  // gone while middleware ran
  if (refusal) {
    sockets_.erase(it);
    s->nsp().remove(*s);  // drops rooms the middleware may have joined
    return refuse(s->nsp().name(), *refusal);
  }
  ever_connected_ = true;
  connect_timer_.reset();  // cancels the wait; a connected client never needs it again
  s->nsp().add(s);
  s->mark_connected();
  s->nsp().notify_connection(s);
  s->handshake_.auth = json::object();  // see socket::handshake()
}

void client::refuse(const std::string& nsp_name, const connect_error& e) {
  packet p;
  p.type = packet_type::connect_error;
  p.nsp = nsp_name;
  json::object data{{"message", e.message}};
  if (!e.data.is_null()) data["data"] = e.data;
  p.data = std::move(data);
  conn_->send(engineio::text_message(encode_text(p)));
}

void client::protocol_error(errc e) {
  log::debug("socketio_protocol_error", {{"sid", conn_->id()}, {"reason", errc_name(e)}});
  closed_ = true;
  close_reason_ = "parse error";
  conn_->close();
}

void client::remove(const socket& s) {
  auto it = sockets_.find(s.nsp().name());
  if (it != sockets_.end() && it->second.get() == &s) sockets_.erase(it);
}

void client::on_close(std::string_view reason) {
  closed_ = true;
  connect_timer_.reset();
  std::string why = close_reason_.empty() ? std::string(reason) : close_reason_;
  auto sockets = std::move(sockets_);
  sockets_.clear();
  for (auto& [name, s] : sockets) s->closed(why, false);
}

}  // namespace parley::socketio
