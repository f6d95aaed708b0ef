// A loopback WebSocket client for tests: every operation has a deadline, so a test fails
// instead of hanging.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "core/net.hpp"

namespace parley::engineio::testing {

class ws_client {
 public:
  /// Connects and performs the opening handshake for `target`; ok() tells whether it worked,
  /// status() the HTTP status the server answered.
  ws_client(std::uint16_t port, const std::string& target) : ws_(ioc_) {
    error_code ec;
    beast::get_lowest_layer(ws_).connect(tcp::endpoint{net::ip::make_address("127.0.0.1"), port},
                                         ec);
    if (ec) return;
    ws_.async_handshake(response_, "127.0.0.1", target, [this](error_code e) {
      ec_ = e;
      done_ = true;
    });
    run();
    ok_ = done_ && !ec_;
  }

  bool ok() const { return ok_; }
  unsigned status() const { return response_.result_int(); }
  const std::string& body() const { return response_.body(); }

  /// The next message, or nullopt when the connection ends or nothing comes in time.
  std::optional<std::string> read(std::chrono::milliseconds limit = std::chrono::seconds(2)) {
    beast::flat_buffer buf;
    done_ = false;
    ws_.async_read(buf, [this](error_code e, std::size_t) {
      ec_ = e;
      done_ = true;
    });
    run(limit);
    if (!done_ || ec_) return std::nullopt;
    binary_ = ws_.got_binary();
    return beast::buffers_to_string(buf.data());
  }
  bool last_was_binary() const { return binary_; }
  /// Whether the last read ended because the connection closed (rather than timing out).
  bool closed() const { return done_ && ec_; }
  /// The code of the close frame the server sent (0: none seen).
  unsigned close_code() const { return ws_.reason().code; }
  /// Pongs received so far (read() delivers them while waiting for a message).
  int pongs() const { return pongs_; }

  /// Sends `parts` as one message split over that many frames.
  bool write_fragmented(const std::vector<std::string>& parts) {
    ws_.text(true);
    for (std::size_t i = 0; i < parts.size(); ++i) {
      done_ = false;
      ws_.async_write_some(i + 1 == parts.size(), net::buffer(parts[i]),
                           [this](error_code e, std::size_t) {
                             ec_ = e;
                             done_ = true;
                           });
      run();
      if (!done_ || ec_) return false;
    }
    return true;
  }

  bool ping(const std::string& payload) {
    ws_.control_callback([this](websocket::frame_type kind, beast::string_view) {
      if (kind == websocket::frame_type::pong) ++pongs_;
    });
    done_ = false;
    ws_.async_ping(websocket::ping_data(payload.c_str()), [this](error_code e) {
      ec_ = e;
      done_ = true;
    });
    run();
    return done_ && !ec_;
  }

  /// The closing handshake from the client side; true when the server answered it.
  bool close() {
    done_ = false;
    ws_.async_close(websocket::close_code::going_away, [this](error_code e) {
      ec_ = e;
      done_ = true;
    });
    run();
    return done_ && !ec_;
  }

  /// Bytes straight onto the TCP connection, under the WebSocket framing.
  bool write_raw(const std::string& bytes) {
    error_code e;
    net::write(beast::get_lowest_layer(ws_).socket(), net::buffer(bytes), e);
    return !e;
  }

  bool write(const std::string& data, bool binary = false) {
    ws_.binary(binary);
    done_ = false;
    ws_.async_write(net::buffer(data), [this](error_code e, std::size_t) {
      ec_ = e;
      done_ = true;
    });
    run();
    return done_ && !ec_;
  }

 private:
  void run(std::chrono::milliseconds limit = std::chrono::seconds(2)) {
    ioc_.restart();
    ioc_.run_for(limit);
    if (!done_) {  // give up: cancel and drain
      beast::get_lowest_layer(ws_).cancel();
      ioc_.restart();
      ioc_.run_for(std::chrono::milliseconds(200));
      done_ = false;
    }
  }

  net::io_context ioc_;
  websocket::stream<beast::tcp_stream> ws_;
  websocket::response_type response_;
  error_code ec_;
  bool done_ = false;
  bool ok_ = false;
  bool binary_ = false;
  int pongs_ = 0;
};

}  // namespace parley::engineio::testing
