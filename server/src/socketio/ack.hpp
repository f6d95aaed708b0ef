// The reply handle an event handler gets when the client emitted with an ack callback.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "socketio/payload.hpp"

namespace parley::socketio {

class socket;

/// Sends the ACK (or BINARY_ACK) for one received event.
///
/// Empty (`!ack`) when the client did not ask for an acknowledgement; calling an empty ack is a
/// no-op. Copyable; all copies share one "sent" flag, so only the first call sends. Callable
/// from any thread, any time later (e.g. after a database lookup on a pool thread). After the
/// socket disconnected the call is dropped.
///
///   s->on("join", [](socketio::payload p, socketio::ack ack) {
///     ack({json::object{{"ok", true}}});
///   });
class ack {
 public:
  ack() = default;
  ack(std::weak_ptr<socket> s, std::uint64_t id);

  explicit operator bool() const { return state_ != nullptr; }
  /// Sends `reply` as the ack's arguments. Thread-safe; only the first call of all copies sends.
  void operator()(payload reply) const;

 private:
  struct state;
  std::shared_ptr<state> state_;
};

/// Receives the client's reply to a server emit that asked for an ack. Runs on the socket's
/// strand. Never called if the socket disconnects first.
using ack_callback = std::function<void(payload reply)>;

}  // namespace parley::socketio
