#include "socketio/socket.hpp"

#include <boost/json/serialize.hpp>

#include "socketio/client.hpp"
#include "socketio/guard.hpp"
#include "socketio/id.hpp"
#include "socketio/nsp.hpp"
#include "socketio/packet.hpp"

namespace parley::socketio {

socket::socket(passkey, socketio::nsp& n, std::shared_ptr<engineio::socket> conn,
               std::weak_ptr<client> owner, struct handshake hs)
    : id_(random_id()),
      nsp_(&n),
      conn_(std::move(conn)),
      owner_(std::move(owner)),
      handshake_(std::move(hs)) {}

socket::~socket() = default;

std::string_view socket::transport() const {
  return conn_->transport();
}

net::any_io_executor socket::get_executor() const {
  return conn_->get_executor();
}

void socket::on(std::string event, event_handler h) {
  handlers_[std::move(event)] = std::move(h);
}

void socket::on_raw(std::string event, raw_handler h) {
  auto shared = std::make_shared<const raw_handler>(std::move(h));
  for (auto& [name, handler] : raw_handlers_) {
    if (name == event) {
      handler = std::move(shared);
      return;
    }
  }
  raw_handlers_.emplace_back(std::move(event), std::move(shared));
}

void socket::on_any(any_event_handler h) {
  any_handler_ = std::move(h);
}

void socket::on_any_raw(any_raw_handler h) {
  any_raw_handler_ = std::make_shared<const any_raw_handler>(std::move(h));
}

void socket::on_disconnect(disconnect_handler h) {
  disconnect_handlers_.push_back(std::move(h));
}

void socket::emit(std::string_view event, payload args) {
  if (!connected()) return;
  write(encode(event_packet(nsp_->name(), event, std::move(args))));
}

void socket::emit(std::string_view event, payload args, ack_callback on_ack) {
  if (!connected()) return;
  std::uint64_t id = next_ack_id_.fetch_add(1, std::memory_order_relaxed);
  auto encoded = encode(event_packet(nsp_->name(), event, std::move(args), id));
  // The callback must be registered before the packet can be answered: both happen on the strand.
  net::dispatch(get_executor(), [self = shared_from_this(), id, cb = std::move(on_ack),
                                 encoded = std::move(encoded)]() mutable {
    if (!self->connected()) return;
    self->pending_acks_.emplace(id, std::move(cb));
    for (auto& m : encoded) self->conn_->send(std::move(m));
  });
}

void socket::emit(encoded_event e) {
  if (connected()) conn_->send(std::move(e.message));
}

void socket::write(const std::vector<engineio::message>& encoded) {
  if (encoded.size() == 1) return conn_->send(encoded.front());
  // Several messages (a packet and its attachments) must not interleave with another thread's
  // emit: send them in one go on the strand.
  net::dispatch(get_executor(), [conn = conn_, encoded] {
    for (const auto& m : encoded) conn->send(m);
  });
}

void socket::send_packet_ack(std::uint64_t id, payload reply) {
  if (!connected()) return;
  packet p;
  p.type = packet_type::ack;
  p.nsp = nsp_->name();
  p.id = id;
  p.data = std::move(reply.args);
  p.attachments = std::move(reply.binary);
  write(encode(std::move(p)));
}

void socket::join(const std::string& room) {
  nsp_->join(*this, room);
}
void socket::leave(const std::string& room) {
  nsp_->leave(*this, room);
}
std::vector<std::string> socket::rooms() const {
  return nsp_->rooms_of(*this);
}
bool socket::in_room(const std::string& room) const {
  return nsp_->in_room(*this, room);
}

broadcast_operator socket::to(std::string room) const {
  return broadcast_operator(*nsp_).to(std::move(room)).except(id_);
}

broadcast_operator socket::broadcast() const {
  return broadcast_operator(*nsp_).except(id_);
}

void socket::disconnect(bool close_connection) {
  net::dispatch(get_executor(), [self = shared_from_this(), close_connection] {
    self->closed("server namespace disconnect", true);
    if (close_connection) self->conn_->close();
  });
}

void socket::deliver_event(payload args, std::optional<std::uint64_t> ack_id) {
  const json::value& name_value = args.args.front();
  std::string name =
      name_value.is_string() ? std::string(name_value.get_string()) : json::serialize(name_value);
  auto it = handlers_.find(name);
  if (it == handlers_.end() && !any_handler_) return;
  args.args.erase(args.args.begin());
  ack reply = ack_id ? ack(weak_from_this(), *ack_id) : ack();
  if (it == handlers_.end()) {
    auto handler = any_handler_;  // a copy: the handler may replace itself
    guarded(name, [&] { handler(name, std::move(args), std::move(reply)); });
    return;
  }
  auto handler = it->second;  // a copy: the handler may replace itself with on()
  guarded(name, [&] { handler(std::move(args), std::move(reply)); });
}

raw_result socket::deliver_raw(std::string_view name, std::string_view json,
                               std::optional<std::uint64_t> ack_id) {
  // Copies: the handler may disconnect the socket, which drops the registered ones.
  std::shared_ptr<const raw_handler> named;
  for (const auto& [event, handler] : raw_handlers_)
    if (event == name) named = handler;
  const auto any = any_raw_handler_;
  if (!named && !any) return raw_result::declined();
  ack reply = ack_id ? ack(weak_from_this(), *ack_id) : ack();
  const raw_event ev{*this, json};
  std::optional<raw_result> done;
  guarded(name, [&] { done = named ? (*named)(ev, reply) : (*any)(name, ev, reply); });
  // A handler that threw may not have validated the packet.
  return done ? *done : raw_result(validate(json));
}

void socket::deliver_ack(std::uint64_t id, payload reply) {
  auto it = pending_acks_.find(id);
  if (it == pending_acks_.end()) return;
  auto cb = std::move(it->second);
  pending_acks_.erase(it);
  guarded("ack", [&] { cb(std::move(reply)); });
}

void socket::mark_connected() {
  connected_.store(true, std::memory_order_release);
  packet p;
  p.type = packet_type::connect;
  p.nsp = nsp_->name();
  p.data = json::object{{"sid", id_}};
  conn_->send(engineio::text_message(encode_text(p)));
}

void socket::closed(std::string_view reason, bool notify_client) {
  if (disconnected_) return;
  disconnected_ = true;
  bool was_connected = connected_.exchange(false, std::memory_order_acq_rel);
  nsp_->remove(*this);
  if (notify_client && was_connected) {
    packet p;
    p.type = packet_type::disconnect;
    p.nsp = nsp_->name();
    conn_->send(engineio::text_message(encode_text(p)));
  }
  pending_acks_.clear();
  if (auto owner = owner_.lock()) owner->remove(*this);
  if (was_connected) {
    for (auto& h : disconnect_handlers_) guarded("disconnect", [&] { h(reason); });
  }
  // Handlers often capture the socket; dropping them breaks those cycles.
  handlers_.clear();
  raw_handlers_.clear();
  any_handler_ = nullptr;
  any_raw_handler_.reset();
  disconnect_handlers_.clear();
}

}  // namespace parley::socketio
