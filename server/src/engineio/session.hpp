// One Engine.IO session: the socket the layer above sees, over long-polling or WebSocket, with
// the upgrade probe, heartbeats and the close sequence.
//
//   polling --(ws with sid, "2probe" -> "3probe", "5")--> websocket
//   open --close()--> closing (flush, then "1" / close frame) --> closed
//   open --ping timeout / transport close / parse error / overflow--> closed
//
// Everything but send()/close() and the accessors runs on the session's strand; server_impl
// posts there. The server's map owns the session until it closes; pending operations hold it
// through shared_from_this; transports and timers hold it only for their pending handlers.
#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <string>

#include "engineio/polling_transport.hpp"
#include "engineio/server.hpp"
#include "engineio/socket.hpp"
#include "engineio/websocket_transport.hpp"

namespace parley::engineio {

class session final : public socket, public websocket_events {
 public:
  /// `on_closed(sid)` runs on the strand once the session is closed (the server forgets it).
  /// `executor` serializes the session: a strand, or the io_context's executor when only one
  /// thread runs it.
  session(net::any_io_executor executor, std::string sid, struct handshake hs,
          std::shared_ptr<const options> opts, std::function<void(const std::string&)> on_closed);
  ~session() override;

  // socket
  const std::string& id() const override { return id_; }
  const struct handshake& handshake() const override { return handshake_; }
  std::string_view transport() const override;
  net::any_io_executor get_executor() override { return executor_; }
  void set_listener(std::shared_ptr<socket_listener> l) override { listener_ = std::move(l); }
  void send(message m) override;
  void close() override;

  // Entry points, all on the strand.
  /// Handshake over polling: answers `r` with the open packet, then tells `on_connection`.
  void start_polling(reply r, const server::connection_handler& on_connection);
  /// Handshake over an accepted WebSocket.
  void start_websocket(std::shared_ptr<websocket_transport> ws,
                       const server::connection_handler& on_connection);
  /// A long-polling GET / POST carrying this sid.
  void on_poll(reply r);
  void on_post(std::string body, reply r);
  /// An accepted WebSocket carrying this sid: the upgrade probe.
  void on_upgrade(std::shared_ptr<websocket_transport> ws);
  /// Flushes, then closes with `reason`. A polling client without a held GET gets the rest at
  /// its next poll if `await_poll` (within ping interval + timeout), else the session ends now
  /// (server shutdown cannot wait that long).
  void close_with(std::string reason, bool await_poll = true);
  /// Only once the io_context has stopped: drops the listener and the transports, whose
  /// handlers would otherwise keep this session alive (engineio::server::release).
  void release();

  // websocket_events
  void on_frame(websocket_transport& t, std::string_view data, bool binary) override;
  void on_closed(websocket_transport& t, std::string_view reason) override;

 private:
  enum class state { open, closing, closed };
  enum class timer_phase { ping_due, pong_due, close_due };

  std::shared_ptr<session> self();
  void do_send(message m);
  void open_packet();
  void enqueue(out_packet p);
  /// Handles one packet from the active transport; false once the session is closed.
  bool on_packet(const packet& p);
  void on_probe_frame(std::string_view data, bool binary);
  void complete_upgrade();
  void abandon_probe();
  void cancel_upgrade_timer();
  void arm_timer(timer_phase phase, std::chrono::milliseconds after);
  void on_timer(error_code ec, unsigned generation);
  /// Ends the session: a held GET gets `held_get_answer`, transports close, the listener hears
  /// `reason` once.
  void finish(std::string_view reason, packet_type held_get_answer = packet_type::close);

  net::any_io_executor executor_;
  const std::string id_;
  const struct handshake handshake_;
  std::shared_ptr<const options> opts_;
  std::function<void(const std::string&)> on_closed_;
  std::shared_ptr<socket_listener> listener_;

  state state_ = state::open;
  std::string close_reason_;
  std::atomic<bool> upgraded_{false};
  polling_transport polling_;
  std::shared_ptr<websocket_transport> ws_;
  std::shared_ptr<websocket_transport> probe_;
  bool probed_ = false;  ///< "2probe" answered: held GETs are released with a noop
  net::steady_timer timer_;
  timer_phase phase_ = timer_phase::ping_due;
  unsigned timer_generation_ = 0;  ///< tells a stale (already queued) expiry from the current one
  std::unique_ptr<net::steady_timer> upgrade_timer_;  ///< made by the first upgrade probe
};

}  // namespace parley::engineio
