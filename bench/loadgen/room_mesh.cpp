#include "loadgen/room_mesh.hpp"

#include <algorithm>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "loadgen/payloads.hpp"

namespace parley::bench {
namespace {

bool is_relay(std::string_view packet) {
  return packet.starts_with("2[\"ice-candidate\"") || packet.starts_with("2[\"offer\"") ||
         packet.starts_with("2[\"answer\"");
}

// `3<id>[{"error":{"code":"x",...}}]` -> "x"; empty for a successful ack.
std::string ack_error_code(std::string_view packet) {
  constexpr std::string_view key = "\"code\":\"";
  if (packet.find("\"error\"") == std::string_view::npos) return {};
  const auto at = packet.find(key);
  if (at == std::string_view::npos) return "unknown";
  const auto from = at + key.size();
  return std::string(packet.substr(from, packet.find('"', from) - from));
}

}  // namespace

room_mesh::room_mesh(net::io_context& io, const room_source& rooms, config cfg)
    : io_(io), rooms_(rooms), cfg_(std::move(cfg)) {}

room_mesh::~room_mesh() {
  for (auto& m : members_) {
    if (!m.client) continue;
    m.client->detach();
    m.client->close();
  }
}

void room_mesh::add(std::size_t count) {
  for (std::size_t n = 0; n < count; ++n) {
    const auto i = members_.size();
    members_.emplace_back().room = cfg_.first_room + i / cfg_.room_size;
    pending_flag_.push_back(false);
    waiting_.push_back(i);
  }
  pump();
}

void room_mesh::pump() {
  while (pending_ < cfg_.max_pending && !waiting_.empty()) {
    const auto i = waiting_.front();
    waiting_.pop_front();
    launch(i);
  }
}

void room_mesh::launch(std::size_t i) {
  auto& m = members_[i];
  m.client = std::make_shared<sio_client>(io_, *this, i);
  pending_flag_[i] = true;
  ++pending_;
  m.client->start(cfg_.servers[i % cfg_.servers.size()], cfg_.sources[i % cfg_.sources.size()],
                  rooms_.token(i));
}

void room_mesh::done_pending(std::size_t i) {
  if (!pending_flag_[i]) return;
  pending_flag_[i] = false;
  --pending_;
  pump();
}

room_mesh::member* room_mesh::owner(sio_client& c) {
  auto& m = members_[c.tag()];
  return m.client.get() == &c ? &m : nullptr;  // null: a connection already replaced
}

void room_mesh::on_open(sio_client& c) {
  auto* m = owner(c);
  if (!m) return;
  m->open = true;
  ++open_;
  if (cfg_.join) return send_join(*m);
  done_pending(c.tag());
  if (open_ == members_.size()) converged_at_ns_ = now_ns();
}

void room_mesh::send_join(member& m) {
  m.client->emit("20[\"join\",{\"room\":" + json::serialize(json::string(rooms_.room(m.room))) +
                 "}]");
}

void room_mesh::on_packet(sio_client& c, std::string_view packet) {
  auto* m = owner(c);
  if (!m) return;
  if (is_relay(packet)) {
    if (on_relay) on_relay(*m, packet);
  } else if (packet.starts_with('3')) {
    if (auto code = ack_error_code(packet); !code.empty()) fail("join_refused:" + code);
  } else if (packet.starts_with('2')) {
    on_control(*m, packet.substr(1));
  }
}

void room_mesh::on_control(member& m, std::string_view body) {
  error_code ec;
  auto value = json::parse(body, ec);
  const auto* event = value.if_array();
  if (ec || !event || event->size() < 2 || !event->at(0).is_string()) return;
  const auto& name = event->at(0).get_string();
  const auto* data = event->at(1).if_object();
  auto socket_id = [](const json::value& v) -> std::string {
    const auto* o = v.if_object();
    const auto* id = o ? o->if_contains("socketId") : nullptr;
    return id && id->is_string() ? std::string(id->get_string()) : std::string();
  };
  if (name == "existing-participants" && event->at(1).is_array()) {
    m.peers.clear();
    for (const auto& p : event->at(1).get_array()) m.peers.push_back(socket_id(p));
    m.joined = true;
    done_pending(m.client->tag());
  } else if (name == "user-joined" && data) {
    auto id = socket_id(event->at(1));
    if (std::find(m.peers.begin(), m.peers.end(), id) == m.peers.end()) m.peers.push_back(id);
  } else if (name == "user-left" && data) {
    const auto* id = data->if_contains("socketId");
    if (id && id->is_string()) std::erase(m.peers, std::string(id->get_string()));
  }
  settle(m);
}

void room_mesh::settle(member& m) {
  const bool now = m.joined && m.peers.size() + 1 == cfg_.room_size;
  if (now == m.complete) return;
  m.complete = now;
  now ? ++complete_ : --complete_;
  if (now && converged()) converged_at_ns_ = now_ns();
}

void room_mesh::on_close(sio_client& c, std::string_view why) {
  auto* m = owner(c);
  if (!m || closing_) return;
  if (m->open) --open_;
  m->open = m->joined = false;
  m->peers.clear();
  settle(*m);
  fail(std::string(why));
  done_pending(c.tag());
}

void room_mesh::fail(std::string reason) {
  ++failures_;
  ++reasons_[std::move(reason)];
}

void room_mesh::reconnect(std::size_t i) {
  auto& m = members_[i];
  auto old = std::move(m.client);
  if (m.open) --open_;
  m.open = m.joined = false;
  m.peers.clear();
  settle(m);
  if (old) old->close();
  waiting_.push_back(i);
  done_pending(i);  // if it was still joining; pumps the queue either way below
  pump();
}

void room_mesh::rejoin(std::size_t i) {
  auto& m = members_[i];
  if (!m.open) return;
  m.client->emit("2[\"leave\"]");
  m.joined = false;
  m.peers.clear();
  settle(m);
  pending_flag_[i] = true;
  ++pending_;
  send_join(m);
}

void room_mesh::close_all() {
  closing_ = true;
  for (auto& m : members_) {
    if (m.client) m.client->close();
  }
}

}  // namespace parley::bench
