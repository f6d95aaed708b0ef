// A Socket.IO namespace (Node's `Namespace`): connect middleware, connection handlers, the
// connected sockets by id and their rooms.
//
// Configuration (use, on_connection) happens before the server takes connections; it is not
// synchronized. Everything else is thread-safe.
//
// Rooms: one registry per namespace behind a std::shared_mutex. Emits hold the shared lock
// only to copy the target socket pointers; join/leave/connect/disconnect take it exclusively
// for a few hash operations. No I/O or user code ever runs under it. Sending to one socket by
// id (the relay path) is a single hash lookup.
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "socketio/broadcast.hpp"
#include "socketio/payload.hpp"

namespace parley::socketio {

class socket;
class server;

/// Refusal of a connection by middleware; sent as CONNECT_ERROR {"message": message} plus
/// "data": data when data is not null (what the client sees as err.message / err.data).
struct connect_error {
  std::string message;
  json::value data;
};

class nsp {
 public:
  /// Continues (nullopt) or refuses (an error) a pending connection. Callable once from any
  /// thread; later calls are ignored.
  using next_fn = std::function<void(std::optional<connect_error>)>;
  /// Runs on the socket's strand when a client sends CONNECT, before the socket is connected.
  /// Must eventually call next, possibly from another thread (e.g. after a token lookup). The
  /// socket is not yet in the namespace: it has no rooms and emits to it are dropped.
  using middleware = std::function<void(const std::shared_ptr<socket>& s, next_fn next)>;
  /// Runs on the socket's strand right after the CONNECT reply was queued; register event
  /// handlers here.
  using connection_handler = std::function<void(const std::shared_ptr<socket>& s)>;

  nsp(server& owner, std::string name);
  nsp(const nsp&) = delete;
  nsp& operator=(const nsp&) = delete;

  const std::string& name() const { return name_; }
  socketio::server& owner() const { return *server_; }

  /// Middlewares run in registration order; the first refusal stops the chain.
  void use(middleware m);
  void on_connection(connection_handler h);

  /// Selects sockets for an emit: nsp.to("room").except(sid).emit(...).
  broadcast_operator to(std::string room) { return broadcast_operator(*this).to(std::move(room)); }
  broadcast_operator except(std::string room_or_id) {
    return broadcast_operator(*this).except(std::move(room_or_id));
  }
  /// To every connected socket of the namespace.
  void emit(std::string_view event, payload args = {}) {
    broadcast_operator(*this).emit(event, std::move(args));
  }

  /// The connected socket with this id, or null.
  std::shared_ptr<socket> find(std::string_view socket_id) const;
  /// The connected socket `socket_id` when both it and `with` are in `room`, else null: a
  /// relay's lookup and membership checks under one lock, with one hash of the room name.
  std::shared_ptr<socket> find_in_room(std::string_view socket_id, const std::string& room,
                                       const socket& with) const;
  /// Emits to one socket by id; false if no such connected socket.
  bool emit_to(std::string_view socket_id, std::string_view event, payload args = {});
  /// Connected sockets.
  std::size_t size() const;
  /// Rooms with at least one member.
  std::size_t room_count() const;

 private:
  friend class socket;
  friend class client;
  friend class broadcast_operator;

  // Connection life cycle, called by client/socket on the socket's strand.
  void run_middlewares(const std::shared_ptr<socket>& s, std::size_t index,
                       std::function<void(std::optional<connect_error>)> done) const;
  void add(const std::shared_ptr<socket>& s);
  void notify_connection(const std::shared_ptr<socket>& s) const;
  void remove(socket& s);

  // Room registry (thread-safe).
  void join(socket& s, const std::string& room);
  void leave(socket& s, const std::string& room);
  std::vector<std::string> rooms_of(const socket& s) const;
  bool in_room(const socket& s, const std::string& room) const;
  std::vector<std::shared_ptr<socket>> select(const std::vector<std::string>& rooms,
                                              const std::vector<std::string>& except) const;

  socketio::server* const server_;
  const std::string name_;
  std::vector<middleware> middlewares_;
  std::vector<connection_handler> connection_handlers_;

  mutable std::shared_mutex mu_;
  std::unordered_map<std::string_view, std::shared_ptr<socket>> sockets_;  // key views s->id()
  std::unordered_map<std::string, std::unordered_set<socket*>> rooms_;
};

}  // namespace parley::socketio
