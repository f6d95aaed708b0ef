// Parley's one connection to Janus (docs/signaling.md "Large meetings: the SFU"): a Boost.Beast
// WebSocket client (subprotocol "janus-protocol") that keeps one Janus session and one control
// handle of the VideoRoom plugin, matches replies to requests by random transaction ids, keeps
// the session alive (a keepalive every 25 s), and reconnects with backoff (1 s doubling to
// 30 s) whenever the connection or the session is lost.
//
//   auto janus = sfu::janus_client::create(ioc.get_executor(), {.url = "ws://127.0.0.1:8188",
//                                                              .secret = "..."});
//   janus->on_state([](bool up) { ... });   // before start()
//   janus->start();
//   janus->request(sfu::attach_videoroom(), [](sfu::answer a) { ... a.id ... });
//
// Every request gets one answer: Janus's final reply (success, error, or the plugin's event
// for an asynchronous message), or an error when Janus does not answer within 10 s or the
// connection drops first. Events about a handle (trickle, webrtcup, hangup, detached) go to the
// watcher registered for it.
//
// Threads: thread-safe; everything runs on the client's own strand, and every callback
// (answers, watchers, on_state) is called there: callers post back to their own strand.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/net.hpp"
#include "sfu/messages.hpp"

namespace parley::sfu {

struct janus_options {
  std::string url;     ///< ws://host:port[/path]
  std::string secret;  ///< Janus's api_secret (also the VideoRoom's admin_key), may be empty
  std::chrono::milliseconds timeout{10000};    ///< a request unanswered this long fails
  std::chrono::milliseconds keepalive{25000};  ///< Janus drops a session silent for 60 s
  std::chrono::milliseconds backoff_min{1000};
  std::chrono::milliseconds backoff_max{30000};
};

/// A request's outcome: ok with Janus's reply, or not with a reason for the log.
struct answer {
  bool ok = false;
  std::string error;  ///< why it failed (Janus's reason, "timeout", "connection lost")
  reply r;
  /// The new id of a create or attach.
  std::uint64_t id() const { return new_id(r); }
};

/// "ws://host:port/path" split; false for anything else.
struct ws_url {
  std::string host, port, path;
};
bool parse_ws_url(std::string_view url, ws_url& out);

class janus_client : public std::enable_shared_from_this<janus_client> {
 public:
  using callback = std::function<void(answer)>;
  using watcher = std::function<void(const reply&)>;

  static std::shared_ptr<janus_client> create(net::any_io_executor ex, janus_options o);
  janus_client(net::any_io_executor ex, janus_options o);

  /// Called with true once a session is ready, with false when it is lost. Before start().
  void on_state(std::function<void(bool up)> f) { on_state_ = std::move(f); }
  void start();
  /// Closes the connection for good (pending requests fail). Idempotent.
  void stop();

  /// Whether a session is ready now (any thread; it may drop at any moment).
  bool up() const { return up_.load(std::memory_order_acquire); }
  const std::string& secret() const { return opts_.secret; }

  /// Sends `msg` (from messages.hpp) on the current session; `done` gets the answer.
  void request(json::object msg, callback done);
  /// A VideoRoom request on the control handle (create, destroy, list).
  void control(json::object body, callback done);
  /// Events about `handle` go to `w` until unwatch(handle).
  void watch(std::uint64_t handle, watcher w);
  void unwatch(std::uint64_t handle);
  /// Detaches `handle` (fire and forget) and forgets its watcher.
  void detach(std::uint64_t handle);
  /// A VideoRoom room to destroy once a session is up again (the connection dropped while it
  /// existed: Janus keeps rooms across sessions).
  void destroy_later(std::uint64_t room, std::string secret);

 private:
  struct pending {
    callback done;
    std::chrono::steady_clock::time_point deadline;
    bool ack_is_final;  ///< keepalive and trickle are answered by an ack
  };
  using stream = websocket::stream<beast::tcp_stream>;

  void connect();
  void on_connected();
  void read();
  void receive(std::string_view text);
  void send(json::object msg, callback done);
  void write_next();
  void fail(std::string_view why);
  void set_up(bool up);
  void tick();
  void keep_alive();
  void destroy_orphans();
  template <class F>
  void on_strand(F f) {
    net::post(strand_, [self = shared_from_this(), f = std::move(f)]() mutable { f(*self); });
  }

  const janus_options opts_;
  ws_url url_;
  net::strand<net::any_io_executor> strand_;
  net::ip::tcp::resolver resolver_;
  net::steady_timer retry_timer_;
  net::steady_timer tick_timer_;
  std::atomic<bool> up_{false};
  std::function<void(bool)> on_state_;

  // Strand only.
  std::shared_ptr<stream> ws_;    ///< shared with the operations in flight on it
  std::uint64_t generation_ = 0;  ///< bumped per connection: stale completions are ignored
  bool stopped_ = false;
  bool connected_ = false;  ///< the WebSocket is open (a session may not exist yet)
  std::chrono::milliseconds backoff_;
  std::uint64_t session_ = 0;
  std::uint64_t control_ = 0;
  std::chrono::steady_clock::time_point next_keepalive_;
  std::unordered_map<std::string, pending> pending_;
  std::unordered_map<std::uint64_t, watcher> watchers_;
  std::deque<std::string> out_;
  bool writing_ = false;
  beast::flat_buffer in_;
  std::vector<std::pair<std::uint64_t, std::string>> orphans_;
};

}  // namespace parley::sfu
