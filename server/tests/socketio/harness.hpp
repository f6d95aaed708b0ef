// A Socket.IO server fed by in-memory Engine.IO connections on one io_context.
#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "fake_conn.hpp"
#include "socketio/server.hpp"

namespace parley::socketio::testing {

struct harness {
  explicit harness(options opts = {}) : io(opts) {}

  /// Ends every connection as an Engine.IO shutdown would, then checks that nothing the test
  /// created outlives it (a reference cycle would show up here, and as a leak under ASan).
  ~harness() {
    for (auto& weak : opened) {
      if (auto c = weak.lock()) c->drop("server shutting down");
    }
    drain();
    for (auto& weak : opened) {
      if (!weak.expired()) ADD_FAILURE() << "a connection outlived the test";
    }
  }

  /// A new Engine.IO session handed to the server, as engineio::server would.
  std::shared_ptr<fake_conn> open(std::string eio_id = "eio-sid") {
    auto c = std::make_shared<fake_conn>(ioc, std::move(eio_id));
    opened.push_back(c);
    net::post(c->get_executor(), [this, c] { io.accept(c); });
    drain();
    return c;
  }

  /// Runs every handler that is ready (and what those post), then returns.
  void drain() {
    ioc.restart();
    ioc.poll();
  }
  /// Runs handlers, including timers, for `d`.
  void run_for(std::chrono::milliseconds d) {
    ioc.restart();
    ioc.run_for(d);
  }

  /// Feeds `packet_text` and runs until idle.
  void send(const std::shared_ptr<fake_conn>& c, std::string packet_text) {
    c->receive(std::move(packet_text));
    drain();
  }

  net::io_context ioc;
  server io;
  std::vector<std::weak_ptr<fake_conn>> opened;
};

}  // namespace parley::socketio::testing
