// The live rooms by meetingId. A room exists while someone is in it or joining it: sessions
// hold it (shared_ptr), the registry only looks it up (weak_ptr), and the room's destructor
// removes its entry.
//
// Threads: thread-safe. One mutex guards the map and is held only for a hash operation:
// lookups happen per join and per ended meeting, never on the relay path.
#pragma once

#include <cstddef>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace parley::signaling {

class room;
struct context;

class room_registry {
 public:
  /// The room for `meeting_id`, created (on a new strand of ctx->ex) if none is live.
  std::shared_ptr<room> acquire(const std::shared_ptr<context>& ctx, const std::string& meeting_id);
  /// The live room for `meeting_id`, or null.
  std::shared_ptr<room> find(const std::string& meeting_id) const;
  /// Live rooms.
  std::size_t size() const;
  /// Every live room (a snapshot; the SFU's state changes reach each one).
  std::vector<std::shared_ptr<room>> all() const;
  /// The meeting ids of the live rooms (a snapshot; docs/cluster.md "Keys").
  std::vector<std::string> meeting_ids() const;

  /// Called by ~room: drops the entry if it still belongs to `r` (a new room for the same
  /// meeting may already have replaced it).
  void forget(const std::string& meeting_id, const room* r);

 private:
  struct entry {
    std::weak_ptr<room> live;
    const room* identity = nullptr;
  };
  mutable std::mutex mu_;
  std::unordered_map<std::string, entry> rooms_;
};

}  // namespace parley::signaling
