#include "socketio/server.hpp"

#include <mutex>

#include "engineio/server.hpp"
#include "socketio/client.hpp"

namespace parley::socketio {

server::server(socketio::options opts) : opts_(std::move(opts)) {
  of("/");
}

server::~server() = default;

nsp& server::of(std::string_view name) {
  std::string full =
      (name.empty() || name.front() != '/') ? "/" + std::string(name) : std::string(name);
  if (auto* existing = find(full)) return *existing;
  std::unique_lock lock(mu_);
  auto [it, inserted] = nsps_.try_emplace(full, nullptr);
  if (inserted) it->second = std::make_unique<nsp>(*this, full);
  return *it->second;
}

nsp* server::find(std::string_view name) const {
  std::shared_lock lock(mu_);
  auto it = nsps_.find(name);
  return it == nsps_.end() ? nullptr : it->second.get();
}

void server::attach(engineio::server& eio) {
  eio.on_connection([this](std::shared_ptr<engineio::socket> conn) { accept(conn); });
}

void server::accept(const std::shared_ptr<engineio::socket>& conn) {
  std::make_shared<client>(*this, conn)->start();
}

}  // namespace parley::socketio
