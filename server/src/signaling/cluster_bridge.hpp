// What the signaling layer hears from the cluster (docs/cluster.md "Messages"): meeting
// channel changes go to the meeting's live room, relays on this process's channel go to the
// target socket, and members of dead processes get their left_at stored. Every message is
// validated first (cluster_message.hpp); a malformed one is dropped and logged.
//
// Threads: called on the node's Redis strand; it only posts (rooms, sockets, services).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "cluster/node.hpp"

namespace parley::signaling {

struct context;

class cluster_bridge final : public cluster::node_listener {
 public:
  explicit cluster_bridge(std::weak_ptr<context> ctx) : ctx_(std::move(ctx)) {}

  void on_meeting_message(const std::string& meeting_id, std::string payload) override;
  void on_process_message(std::string payload) override;
  void on_lost() override;
  void on_back() override;
  void on_reaped(const std::string& meeting_id, const std::string& user_id) override;
  std::vector<std::string> held_meetings() override;

 private:
  std::weak_ptr<context> ctx_;
};

}  // namespace parley::signaling
