// Writes one EVENT packet from arguments that are already JSON text, into a single buffer:
// how a relay forwards the bytes it received without a DOM or a second serialization.
//
//   static const std::string offer = event_writer::header("/", "offer");  // once
//   event_writer w(offer, body.size() + 64);
//   w.arg({R"({"offer":)", body, R"(,"fromSocket":"..."})"});
//   target->emit(std::move(w).finish());
#pragma once

#include <cstddef>
#include <initializer_list>
#include <string>
#include <string_view>

#include "engineio/socket.hpp"

namespace parley::socketio {

/// A text-only EVENT packet ready to send (socket::emit(encoded_event)).
struct encoded_event {
  engineio::message message;
};

class event_writer {
 public:
  /// A packet's start, `2[<nsp>,]["<event>"`: make it once for a name sent often.
  static std::string header(std::string_view nsp, std::string_view event);

  /// Starts a packet with `header`. `args_bytes`: the arguments' bytes (their pieces, without
  /// the commas between them), so that one argument is written with a single allocation.
  event_writer(std::string_view header, std::size_t args_bytes);

  /// Appends one argument made of `pieces`. The caller guarantees that together they are one
  /// valid JSON value.
  void arg(std::initializer_list<std::string_view> pieces);

  encoded_event finish() &&;

 private:
  std::string text_;
};

/// Appends `s` (valid UTF-8) to `out` as a JSON string literal, quotes included.
void append_json_string(std::string& out, std::string_view s);

}  // namespace parley::socketio
