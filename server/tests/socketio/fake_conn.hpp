// An in-memory engineio::socket: records what the Socket.IO layer sends, lets a test feed it
// client messages, and behaves like the real one where it matters (listener calls on a
// strand, send() from another thread is posted to the strand, close() ends with on_close).
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "engineio/socket.hpp"

namespace parley::socketio::testing {

class fake_conn final : public engineio::socket {
 public:
  explicit fake_conn(net::io_context& ioc, std::string id = "eio-sid")
      : strand_(net::make_strand(ioc)), id_(std::move(id)) {
    handshake_.remote_address = "127.0.0.1";
    handshake_.query = "EIO=4&transport=websocket";
  }

  const std::string& id() const override { return id_; }
  const engineio::handshake& handshake() const override { return handshake_; }
  std::string_view transport() const override { return "websocket"; }
  net::any_io_executor get_executor() override { return strand_; }
  void set_listener(std::shared_ptr<engineio::socket_listener> l) override {
    listener_ = std::move(l);
  }

  void send(engineio::message m) override {
    if (strand_.running_in_this_thread()) return record(std::move(m));
    net::post(strand_,
              [self = shared(), m = std::move(m)]() mutable { self->record(std::move(m)); });
  }

  void close() override {
    net::dispatch(strand_, [self = shared()] {
      self->close_called_ = true;
      self->end("forced close");
    });
  }

  // ---- test side ----------------------------------------------------------------------
  /// Delivers one client message (posted to the strand; run the io_context to process it).
  void receive(std::string data, bool binary = false) {
    net::post(strand_, [self = shared(), data = std::move(data), binary] {
      if (self->listener_) self->listener_->on_message(data, binary);
    });
  }
  /// The transport ends by itself (client went away, ping timeout...).
  void drop(std::string reason) {
    net::post(strand_, [self = shared(), reason = std::move(reason)] { self->end(reason); });
  }

  std::vector<engineio::message> sent() const {
    std::lock_guard lock(mu_);
    return sent_;
  }
  /// The text of every sent message (binary ones prefixed with "<bin>").
  std::vector<std::string> sent_text() const {
    std::vector<std::string> out;
    for (const auto& m : sent()) out.push_back(m.binary ? "<bin>" + *m.data : *m.data);
    return out;
  }
  void clear_sent() {
    std::lock_guard lock(mu_);
    sent_.clear();
  }
  bool closed() const { return ended_; }
  bool close_called() const { return close_called_; }
  bool has_listener() const { return listener_ != nullptr; }

 private:
  std::shared_ptr<fake_conn> shared() {
    return std::static_pointer_cast<fake_conn>(shared_from_this());
  }
  void record(engineio::message m) {
    if (ended_) return;
    std::lock_guard lock(mu_);
    sent_.push_back(std::move(m));
  }
  void end(std::string_view reason) {
    if (ended_) return;
    ended_ = true;
    if (auto l = std::move(listener_)) l->on_close(reason);
  }

  net::strand<net::io_context::executor_type> strand_;
  std::string id_;
  engineio::handshake handshake_;
  std::shared_ptr<engineio::socket_listener> listener_;
  mutable std::mutex mu_;
  std::vector<engineio::message> sent_;
  bool ended_ = false;  // strand only (tests read it after the io_context stopped)
  bool close_called_ = false;
};

}  // namespace parley::socketio::testing
