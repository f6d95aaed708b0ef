#include "socketio/nsp.hpp"

#include <algorithm>
#include <atomic>
#include <mutex>

#include "socketio/guard.hpp"
#include "socketio/socket.hpp"

namespace parley::socketio {

nsp::nsp(socketio::server& owner, std::string name) : server_(&owner), name_(std::move(name)) {}

void nsp::use(middleware m) {
  middlewares_.push_back(std::move(m));
}

void nsp::on_connection(connection_handler h) {
  connection_handlers_.push_back(std::move(h));
}

void nsp::run_middlewares(const std::shared_ptr<socket>& s, std::size_t index,
                          std::function<void(std::optional<connect_error>)> done) const {
  if (index == middlewares_.size()) return done(std::nullopt);
  auto called = std::make_shared<std::atomic<bool>>(false);
  next_fn next = [this, s, index, called, done](std::optional<connect_error> refusal) {
    if (called->exchange(true)) return;
    // next() may come from any thread: continue on the socket's strand.
    net::dispatch(s->get_executor(),
                  [this, s, index, done, refusal = std::move(refusal)]() mutable {
                    if (refusal) return done(std::move(refusal));
                    run_middlewares(s, index + 1, done);
                  });
  };
  try {
    middlewares_[index](s, next);
  } catch (const std::exception& e) {
    log::error("socketio_middleware_threw", {{"nsp", name_}, {"what", e.what()}});
    next(connect_error{"Internal server error", nullptr});
  }
}

void nsp::add(const std::shared_ptr<socket>& s) {
  std::unique_lock lock(mu_);
  sockets_.emplace(s->id(), s);
}

void nsp::notify_connection(const std::shared_ptr<socket>& s) const {
  for (const auto& h : connection_handlers_) guarded("connection", [&] { h(s); });
}

void nsp::remove(socket& s) {
  std::unique_lock lock(mu_);
  if (auto it = sockets_.find(s.id()); it != sockets_.end() && it->second.get() == &s) {
    sockets_.erase(it);
  }
  for (const auto& room : s.rooms_) {
    auto it = rooms_.find(room);
    if (it == rooms_.end()) continue;
    it->second.erase(&s);
    if (it->second.empty()) rooms_.erase(it);
  }
  s.rooms_.clear();
  s.left_namespace_ = true;
}

void nsp::join(socket& s, const std::string& room) {
  std::unique_lock lock(mu_);
  if (s.left_namespace_) return;
  if (s.rooms_.insert(room).second) rooms_[room].insert(&s);
}

void nsp::leave(socket& s, const std::string& room) {
  std::unique_lock lock(mu_);
  if (s.rooms_.erase(room) == 0) return;
  auto it = rooms_.find(room);
  it->second.erase(&s);
  if (it->second.empty()) rooms_.erase(it);
}

std::vector<std::string> nsp::rooms_of(const socket& s) const {
  std::shared_lock lock(mu_);
  return {s.rooms_.begin(), s.rooms_.end()};
}

bool nsp::in_room(const socket& s, const std::string& room) const {
  std::shared_lock lock(mu_);
  return s.rooms_.contains(room);
}

std::shared_ptr<socket> nsp::find(std::string_view socket_id) const {
  std::shared_lock lock(mu_);
  auto it = sockets_.find(socket_id);
  return it == sockets_.end() ? nullptr : it->second;
}

std::shared_ptr<socket> nsp::find_in_room(std::string_view socket_id, const std::string& room,
                                          const socket& with) const {
  std::shared_lock lock(mu_);
  auto members = rooms_.find(room);
  if (members == rooms_.end() || !members->second.contains(const_cast<socket*>(&with))) {
    return nullptr;
  }
  auto it = sockets_.find(socket_id);
  if (it == sockets_.end() || !members->second.contains(it->second.get())) return nullptr;
  return it->second;
}

bool nsp::emit_to(std::string_view socket_id, std::string_view event, payload args) {
  auto s = find(socket_id);
  if (!s) return false;
  s->emit(event, std::move(args));
  return true;
}

std::size_t nsp::size() const {
  std::shared_lock lock(mu_);
  return sockets_.size();
}

std::size_t nsp::room_count() const {
  std::shared_lock lock(mu_);
  return rooms_.size();
}

std::vector<std::shared_ptr<socket>> nsp::select(const std::vector<std::string>& rooms,
                                                 const std::vector<std::string>& except) const {
  std::shared_lock lock(mu_);
  std::vector<const socket*> excluded;  // sorted, for binary search
  for (const auto& e : except) {
    if (auto it = rooms_.find(e); it != rooms_.end()) {
      excluded.insert(excluded.end(), it->second.begin(), it->second.end());
    }
    if (auto it = sockets_.find(e); it != sockets_.end()) excluded.push_back(it->second.get());
  }
  std::sort(excluded.begin(), excluded.end());

  std::vector<std::shared_ptr<socket>> out;
  auto take = [&](socket* s) {
    if (s->connected() && !std::binary_search(excluded.begin(), excluded.end(), s)) {
      out.push_back(s->shared_from_this());
    }
  };
  if (rooms.empty()) {
    out.reserve(sockets_.size());
    for (const auto& [id, s] : sockets_) take(s.get());
    return out;
  }
  std::vector<socket*> members;
  for (const auto& room : rooms) {
    if (auto it = rooms_.find(room); it != rooms_.end()) {
      members.insert(members.end(), it->second.begin(), it->second.end());
    }
  }
  if (rooms.size() > 1) {  // a socket in several of the rooms gets the packet once
    std::sort(members.begin(), members.end());
    members.erase(std::unique(members.begin(), members.end()), members.end());
  }
  out.reserve(members.size());
  for (auto* s : members) take(s);
  return out;
}

}  // namespace parley::socketio
