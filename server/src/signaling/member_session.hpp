// The signaling side of one authenticated Socket.IO socket: who it is, which room it is in
// (or joining), its rate limits, and the queue that runs its events one at a time.
//
// Threads: strand-only members run on the socket's strand (socket->get_executor()); the
// methods marked "any thread" post there. Lifetime: the socket's event handlers hold the
// session; the session holds the socket weakly, and its room until it leaves.
#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "auth/identity.hpp"
#include "core/net.hpp"
#include "signaling/errc.hpp"
#include "signaling/event_table.hpp"
#include "signaling/token_bucket.hpp"
#include "signaling/user_rate.hpp"

namespace parley::socketio {
class socket;
}

namespace parley::signaling {

struct context;
class room;

class member_session : public std::enable_shared_from_this<member_session> {
 public:
  member_session(std::shared_ptr<context> ctx, const std::shared_ptr<socketio::socket>& s,
                 auth::identity who);
  ~member_session();

  /// Registers the event table and the disconnect handler on `s`. Strand; call once.
  void attach(const std::shared_ptr<socketio::socket>& s);

  // ---- immutable, any thread ----
  const std::string& socket_id() const { return socket_id_; }
  const auth::identity& who() const { return who_; }
  /// `,"fromSocket":"<id>","fromUserId":"<user>"}`: how every relay from this socket ends.
  const std::string& sender_fields() const { return sender_fields_; }
  context& ctx() const { return *ctx_; }
  const std::shared_ptr<context>& shared_ctx() const { return ctx_; }
  /// True once the socket disconnected (set on the strand before the room is told).
  bool closed() const { return closed_.load(std::memory_order_acquire); }

  // ---- strand only ----
  /// The socket, or null once it is gone.
  std::shared_ptr<socketio::socket> socket() const { return socket_.lock(); }
  /// The room this socket is in or joining; null when none.
  const std::shared_ptr<room>& current_room() const { return room_; }
  void enter(std::shared_ptr<room> r) { room_ = std::move(r); }
  std::shared_ptr<room> take_room() { return std::exchange(room_, nullptr); }
  /// Acks `e`. invalid_payload, rate_limited and wrong_password spend the abuse budget; when
  /// it is empty the socket is disconnected (docs/signaling.md "Abuse").
  void refuse(const socketio::ack& reply, errc e);
  /// What a handler does once its event passed limit_user(), with the event's ack; its
  /// completion is the event's.
  using limited_fn = std::function<completion(member_session&, const socketio::ack&)>;
  /// docs/cluster.md "Per-user limits": takes one token of this user's `r` budget, then runs
  /// `then`; with none left, acks rate_limited through refuse() (abuse budget). With --redis
  /// the budget is the user's bucket in Redis, shared by all its sockets on every process,
  /// and the event is pending until Redis answered; without, with Redis lost or failing,
  /// it is this socket's own (for chat, the event rate every event already spent).
  completion limit_user(user_rate r, const socketio::ack& reply, limited_fn then);

  // ---- any thread ----
  /// A pending handler finished: on the strand, `reply` gets `answer`, then the queued events
  /// run. One step, so an event the client sends as soon as it holds the ack never finds the
  /// session still busy (and refused as over the queue's bound).
  /// `forget`: a room this socket's join did not enter (refused, or closed meanwhile); the
  /// session forgets it first if it is still its room.
  void settle(socketio::ack reply, socketio::payload answer, const room* forget = nullptr);
  /// For a room admitting this socket, on the room's strand: `reply` gets `answer` at once, so
  /// the ack goes out before anything the room broadcasts after it (docs/signaling.md "Order":
  /// a member's list is its join ack, then each user-joined and user-left in order); the queued
  /// events then run on this session's strand. Events arriving between the two steps are not
  /// counted against the queue's bound, as with settle().
  void settle_in_order(socketio::ack reply, socketio::payload answer);
  /// Like settle(), for a refused event: the reply goes through refuse() (abuse budget).
  void settle_refused(socketio::ack reply, errc e, const room* forget = nullptr);
  /// The room ended and dropped this socket.
  void evicted(const room* r);

 private:
  using clock = std::chrono::steady_clock;
  struct queued {
    const event_entry* entry;
    socketio::payload args;
    socketio::ack reply;
    clock::time_point arrived;
  };

  void receive(const event_entry& e, socketio::payload args, socketio::ack reply);
  /// An event name the table does not know: ignored, but it spends a rate token.
  void receive_unknown(const socketio::ack& reply);
  socketio::raw_result receive_raw(const event_entry& e, const socketio::raw_event& ev,
                                   const socketio::ack& reply);
  void run(queued q);
  void run_queue();
  void forget_room(const room* r);  ///< drops `r` if it is the current room
  /// This socket's own budget for `r` (limit_user without Redis).
  bool take_local(user_rate r);
  void on_disconnect(std::string_view reason);
  template <class F>
  void on_strand(F f);

  const std::shared_ptr<context> ctx_;
  const std::weak_ptr<socketio::socket> socket_;
  const net::any_io_executor strand_;
  const std::string socket_id_;
  const auth::identity who_;
  const std::string sender_fields_;
  std::atomic<bool> closed_{false};
  std::atomic<bool> answered_{false};  ///< settle_in_order() sent the ack; run_queue() is due

  // Strand only.
  std::shared_ptr<room> room_;
  token_bucket rate_;
  token_bucket abuse_;
  token_bucket reactions_;
  bool busy_ = false;          ///< a pending handler has not settled yet
  std::vector<queued> queue_;  ///< FIFO of at most lim.max_queued_events (rarely used)
};

}  // namespace parley::signaling
