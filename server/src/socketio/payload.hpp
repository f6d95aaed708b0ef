// Event arguments as they travel in EVENT/ACK packets, with their binary attachments.
#pragma once

#include <boost/json/array.hpp>
#include <boost/json/value.hpp>
#include <boost/json/value_ref.hpp>
#include <initializer_list>
#include <string>
#include <utility>
#include <vector>

namespace parley::socketio {

namespace json = boost::json;

/// The arguments of one event or ack: `socket.emit("ev", 1, "2", buf)` on the client arrives
/// as args [1, "2", {"_placeholder":true,"num":0}] with binary[0] = buf's bytes.
///
/// Binary values (Node Buffer/ArrayBuffer, anywhere in the tree) are represented in `args` by
/// the Socket.IO placeholder object {"_placeholder":true,"num":N}; N indexes `binary`. So a
/// payload round-trips unchanged: echoing a received payload sends the same bytes back.
/// Text-only payloads have an empty `binary` and go out as EVENT/ACK; otherwise as
/// BINARY_EVENT/BINARY_ACK with one attachment per element of `binary`.
struct payload {
  json::array args;
  std::vector<std::string> binary;

  payload() = default;
  payload(json::array a) : args(std::move(a)) {}  // NOLINT: implicit, so emit(ev, array) reads well
  payload(json::array a, std::vector<std::string> bin)
      : args(std::move(a)), binary(std::move(bin)) {}
  /// emit("ev", {1, "two", json::object{...}})
  payload(std::initializer_list<json::value_ref> init) : args(init) {}

  /// Appends `bytes` as an attachment and returns the placeholder to put in `args`.
  json::value add_binary(std::string bytes);

  /// Whether `v` is a placeholder {"_placeholder":true,"num":N} with N < binary.size().
  bool is_binary(const json::value& v) const;
  /// The bytes a placeholder stands for; nullptr if `v` is not a valid placeholder.
  const std::string* binary_of(const json::value& v) const;
};

}  // namespace parley::socketio
