// Events handled before their JSON is parsed into a DOM (socket::on_raw): the relay fast path.
// A raw handler gets the packet's payload text, validates it with scan() (event_scan.hpp),
// which streams the arguments to a visitor without allocating, and reports what it did.
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <string_view>

#include "socketio/ack.hpp"

namespace parley::socketio {

class socket;

/// One EVENT packet (not BINARY_EVENT) for which a raw handler is registered.
struct raw_event {
  socket& from;           ///< the receiving socket; the call runs on its strand
  std::string_view json;  ///< the payload `["name",arg...]`, valid only during the call
};

/// Whether scan() accepted a raw event's text. Only scan() makes one, so a handler that
/// reports an event as handled has had it validated by the Socket.IO rules.
class scanned {
 public:
  explicit operator bool() const { return ok_; }

 private:
  template <class V>
  friend scanned scan(std::string_view json, V& visitor);
  explicit scanned(bool ok) : ok_(ok) {}
  bool ok_;
};

/// What a raw handler did with its event.
class raw_result {
 public:
  enum class kind {
    handled,    ///< valid and dealt with
    malformed,  ///< scan() refused it: the connection closes, as for any malformed packet
    declined,   ///< left to the DOM path: parsed and given to the on() handler as usual
  };
  /// handled or malformed, as scan() found.
  raw_result(scanned s) : kind_(s ? kind::handled : kind::malformed) {}  // NOLINT: implicit
  /// The handler must not have used its ack: the DOM path makes a new one.
  static raw_result declined() { return raw_result(kind::declined); }

  kind what() const { return kind_; }

 private:
  explicit raw_result(kind k) : kind_(k) {}
  kind kind_;
};

/// Handles one raw event on the socket's strand. `reply` is empty unless the client asked for
/// an ack.
using raw_handler = std::function<raw_result(const raw_event& ev, ack& reply)>;

/// scan() with no visitor: validation alone.
scanned validate(std::string_view json);

/// For a payload that scan() accepted: the offset of the first byte at or after `at` that is
/// not JSON white space, or of the value that follows a ':' there.
std::size_t skip_to_value(std::string_view json, std::size_t at);
/// For a payload that scan() accepted, and `key` the opening quote of a member's key that is
/// not the first: the offset just past the previous member's value (back over white space,
/// the ',', white space).
std::size_t value_end_before(std::string_view json, std::size_t key);
/// For a payload that scan() accepted: the offset just past the JSON value starting at `at`.
std::size_t skip_value(std::string_view json, std::size_t at);
/// The event name of a payload written `["name"...` with no escape in the name;
/// nullopt otherwise (the DOM path then handles the packet).
std::optional<std::string_view> peek_event_name(std::string_view json);

}  // namespace parley::socketio
