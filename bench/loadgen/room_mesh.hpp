// A population of bench clients in rooms of equal size. Each member connects, joins its room
// (unless the mesh is connect-only) and keeps the socket ids of the others in its room from
// `existing-participants`, `user-joined` and `user-left`, so scenarios can address relays and
// tell when a room is complete. At most `max_pending` members are between connect and joined
// at any time: a fair ramp for every server, instead of a SYN flood that measures the backlog.
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "loadgen/room_source.hpp"
#include "loadgen/sio_client.hpp"

namespace parley::bench {

class room_mesh final : public sio_client::handler {
 public:
  struct config {
    std::vector<tcp::endpoint> servers;     // member i connects to servers[i % size]
    std::vector<net::ip::address> sources;  // member i connects from sources[i % size]
    std::size_t room_size = 2;
    std::size_t first_room = 0;  // member i goes to room first_room + i / room_size
    std::size_t max_pending = 500;
    bool join = true;  // false: connect only (idle clients)
  };

  struct member {
    std::shared_ptr<sio_client> client;
    std::size_t room = 0;
    std::vector<std::string> peers;  // socket ids of the others in the room
    bool open = false;               // Socket.IO CONNECT acknowledged
    bool joined = false;             // existing-participants received
    bool complete = false;           // joined and all room_size - 1 peers known
  };

  // `rooms` must have been prepared for every room index the members will use.
  room_mesh(net::io_context& io, const room_source& rooms, config cfg);
  // Closes every connection; clients still winding down no longer call back.
  ~room_mesh() override;
  room_mesh(const room_mesh&) = delete;
  room_mesh& operator=(const room_mesh&) = delete;

  // Appends `count` members and starts them.
  void add(std::size_t count);
  // Replaces member i's connection by a new one that joins the same room.
  void reconnect(std::size_t i);
  // Sends `leave` then `join` again on member i's socket.
  void rejoin(std::size_t i);
  // Closes every connection (the scenario is over).
  void close_all();

  // Called for each relayed `ice-candidate`/`offer`/`answer` packet a member receives.
  std::function<void(member&, std::string_view packet)> on_relay;

  std::vector<member>& members() { return members_; }
  std::size_t size() const { return members_.size(); }
  std::size_t open_count() const { return open_; }
  std::size_t complete_count() const { return complete_; }
  std::size_t pending() const { return pending_ + waiting_.size(); }
  std::size_t failures() const { return failures_; }
  // Why connections failed or dropped (sio_client step names, `join_refused:<code>`), counted.
  const std::map<std::string, std::size_t>& failure_reasons() const { return reasons_; }
  // Steady-clock ns when every member was last complete (joined: open), or 0.
  std::int64_t converged_at_ns() const { return converged_at_ns_; }
  bool converged() const { return ready_count() == members_.size(); }

 private:
  void on_open(sio_client& c) override;
  void on_packet(sio_client& c, std::string_view packet) override;
  void on_close(sio_client& c, std::string_view why) override;

  member* owner(sio_client& c);
  void launch(std::size_t i);
  void pump();
  void send_join(member& m);
  void on_control(member& m, std::string_view packet);
  void settle(member& m);  // recomputes m.complete and the counters
  void done_pending(std::size_t i);
  void fail(std::string reason);
  std::size_t ready_count() const { return cfg_.join ? complete_ : open_; }

  net::io_context& io_;
  const room_source& rooms_;
  config cfg_;
  std::vector<member> members_;
  std::vector<bool> pending_flag_;  // member i counts in pending_
  std::deque<std::size_t> waiting_;
  std::size_t pending_ = 0;
  std::size_t open_ = 0;
  std::size_t complete_ = 0;
  std::size_t failures_ = 0;
  std::map<std::string, std::size_t> reasons_;
  bool closing_ = false;
  std::int64_t converged_at_ns_ = 0;
};

}  // namespace parley::bench
