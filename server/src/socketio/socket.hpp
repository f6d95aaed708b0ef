// One client's connection to one namespace (Node's `Socket`). Several of them may share one
// Engine.IO connection (one per namespace the client joined).
//
// Threads: a socket's event, ack and disconnect handlers run on its Engine.IO socket's strand
// (get_executor()). emit(), join(), leave(), rooms(), to(), disconnect() are thread-safe: any
// thread may call them on any socket (that is how a relay reaches another participant).
// on(), on_disconnect() and data() belong to the strand.
#pragma once

#include <any>
#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "core/net.hpp"
#include "engineio/socket.hpp"
#include "socketio/ack.hpp"
#include "socketio/broadcast.hpp"
#include "socketio/event_writer.hpp"
#include "socketio/payload.hpp"
#include "socketio/raw_event.hpp"

namespace parley::socketio {

class nsp;
class client;

/// What the client sent when it connected.
struct handshake {
  json::object auth;  ///< the CONNECT packet's payload ({} when it had none; see socket::handshake)
  /// The Engine.IO opening request (query, address, origin, user agent): the connection's
  /// own, which the socket keeps alive, rather than a copy per namespace.
  const engineio::handshake* transport = nullptr;
};

/// Handles one client event. `ack` is empty unless the client asked for an acknowledgement.
using event_handler = std::function<void(payload args, ack reply)>;
using any_event_handler = std::function<void(std::string_view event, payload args, ack reply)>;
using any_raw_handler =
    std::function<raw_result(std::string_view event, const raw_event& ev, ack& reply)>;
/// Why a socket left its namespace: "client namespace disconnect", "server namespace
/// disconnect", "transport close", "transport error", "ping timeout", "parse error",
/// "forced close", "server shutting down".
using disconnect_handler = std::function<void(std::string_view reason)>;

class socket : public std::enable_shared_from_this<socket> {
 public:
  socket(const socket&) = delete;
  socket& operator=(const socket&) = delete;
  ~socket();

  /// Socket.IO id (20 URL-safe base64 chars from a CSPRNG), distinct from the Engine.IO sid and
  /// unique per namespace connection. Sent to the client in the CONNECT reply {"sid": id}.
  const std::string& id() const { return id_; }
  /// `auth` is there for the middlewares and connection handlers; it is released once they
  /// have run (it usually carries a credential, and a connected socket has no use for it).
  const struct handshake& handshake() const { return handshake_; }
  socketio::nsp& nsp() const { return *nsp_; }
  /// "polling" or "websocket".
  std::string_view transport() const;
  /// The Engine.IO socket's strand: post here to touch this socket's strand-only state.
  net::any_io_executor get_executor() const;
  /// True from the CONNECT reply until disconnect. Thread-safe.
  bool connected() const { return connected_.load(std::memory_order_acquire); }

  // ---- strand only ------------------------------------------------------------------------
  /// Registers the handler for `event` (replacing a previous one). Events without a handler
  /// are dropped (their ack, if any, is never sent).
  void on(std::string event, event_handler h);
  /// Registers a raw handler for `event` (a reserved name never reaches one), which gets
  /// its EVENT packets before any JSON parsing (raw_event.hpp). Binary events, and those it
  /// declines, go to the on() handler as usual. Register raw handlers once, before events flow.
  void on_raw(std::string event, raw_handler h);
  /// The fallback for events without an on() handler (Node's onAny is a listener beside them;
  /// this one only sees what no named handler takes). An application with its own event table
  /// registers this once instead of a handler (and a map entry) per event and socket.
  void on_any(any_event_handler h);
  /// The same for raw handlers: events without an on_raw() handler reach it before parsing;
  /// it may decline them (then they go to on() / on_any() as usual).
  void on_any_raw(any_raw_handler h);
  /// Called once, on the strand, when the socket leaves the namespace for any reason; rooms
  /// have already been left. Several handlers run in registration order.
  void on_disconnect(disconnect_handler h);
  /// A slot for the application (e.g. the authenticated user). Strand only, except inside
  /// connect middleware before it calls next() (nothing else touches the socket until then).
  std::any& data() { return data_; }

  // ---- thread-safe ------------------------------------------------------------------------
  /// Sends an event to this client. Dropped if the socket is not connected.
  void emit(std::string_view event, payload args = {});
  /// Same, asking the client to acknowledge; `on_ack` runs on the strand with the reply.
  void emit(std::string_view event, payload args, ack_callback on_ack);
  /// Sends a packet built by event_writer for this socket's namespace. Dropped if the socket
  /// is not connected.
  void emit(encoded_event e);

  /// Room membership (per namespace). join() of a room already joined and leave() of a room
  /// not joined are no-ops. Rooms are left automatically on disconnect.
  void join(const std::string& room);
  void leave(const std::string& room);
  std::vector<std::string> rooms() const;
  bool in_room(const std::string& room) const;

  /// Everyone in `room` except this socket (Node's `socket.to(room)`).
  broadcast_operator to(std::string room) const;
  /// Everyone in the namespace except this socket (Node's `socket.broadcast`).
  broadcast_operator broadcast() const;

  /// Server-side disconnect: sends DISCONNECT to the client, leaves all rooms, runs the
  /// disconnect handlers with "server namespace disconnect". With `close_connection` the
  /// Engine.IO connection (and so every namespace on it) is closed too. Idempotent.
  void disconnect(bool close_connection = false);

 private:
  friend class client;
  friend class nsp;
  friend class ack;
  friend class broadcast_operator;
  struct passkey {};

 public:
  socket(passkey, socketio::nsp& n, std::shared_ptr<engineio::socket> conn,
         std::weak_ptr<client> owner, struct handshake hs);

 private:
  void send_packet_ack(std::uint64_t id, payload reply);
  void deliver_event(payload args, std::optional<std::uint64_t> ack_id);  // strand
  raw_result deliver_raw(std::string_view name, std::string_view json,
                         std::optional<std::uint64_t> ack_id);  // strand
  void deliver_ack(std::uint64_t id, payload reply);            // strand
  void mark_connected();                                        // strand
  void closed(std::string_view reason, bool notify_client);     // strand; idempotent
  void write(const std::vector<engineio::message>& encoded);    // any thread

  const std::string id_;
  socketio::nsp* const nsp_;
  const std::shared_ptr<engineio::socket> conn_;
  const std::weak_ptr<client> owner_;
  struct handshake handshake_;
  std::atomic<bool> connected_{false};
  std::atomic<bool> closing_{false};
  std::atomic<std::uint64_t> next_ack_id_{0};

  // Strand-only state.
  bool disconnected_ = false;
  std::unordered_map<std::string, event_handler> handlers_;
  /// Few (one per relayed event type): a linear search beats hashing the name.
  std::vector<std::pair<std::string, std::shared_ptr<const raw_handler>>> raw_handlers_;
  any_event_handler any_handler_;
  std::shared_ptr<const any_raw_handler> any_raw_handler_;
  std::vector<disconnect_handler> disconnect_handlers_;
  std::unordered_map<std::uint64_t, ack_callback> pending_acks_;
  std::any data_;

  // Guarded by the namespace's room registry lock.
  std::unordered_set<std::string> rooms_;
  bool left_namespace_ = false;  ///< set on removal, so a late join() cannot leak a membership
};

}  // namespace parley::socketio
