// One room's side of the SFU (docs/signaling.md "Large meetings: the SFU") as plain data: its
// topology, its VideoRoom in Janus, the peer connections its members hold there (`pc`s, each
// owned by one socket) and the feeds they publish. No I/O: room_topology.cpp and room_sfu.cpp
// drive it on the room's strand; the unit tests drive it directly.
#pragma once

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace parley::signaling {

enum class topology { mesh, sfu };
std::string_view topology_name(topology t) noexcept;  ///< "mesh" | "sfu"

/// Whether a meeting of `members` participants belongs on the SFU (more than the threshold).
inline bool sfu_sized(std::size_t members, std::size_t threshold) {
  return members > threshold;
}
/// Whether a meeting of `members` participants may go back to the mesh (threshold-1 or fewer;
/// never with a threshold of 0, "always SFU").
inline bool mesh_sized(std::size_t members, std::size_t threshold) {
  return threshold > 0 && members < threshold;
}

/// One connection between a member's browser and Janus: a publisher (a feed it sends) or a
/// subscriber (one feed it receives).
struct sfu_pc {
  std::string id;     ///< the opaque `pc` the client names it by
  std::string owner;  ///< socket id
  bool publisher = false;
  std::string feed;          ///< its own feed (publisher) or the feed it receives
  std::uint64_t handle = 0;  ///< the Janus handle, once attached
  std::string video_mid;     ///< subscriber: the mid of its video stream (for sfu-layer)
  int substream = -1;        ///< subscriber: the simulcast layer asked for last (-1: none named)
  std::string recording;     ///< publisher: the recording Janus records it into, if any
};

/// One published kind of one socket. `live` once Janus has its media (webrtcup): only then
/// can anyone subscribe to it, and only then do the others hear of it.
struct sfu_feed {
  std::string feed;  ///< the Janus publisher id, in decimal
  std::uint64_t janus_id = 0;
  std::string socket_id;
  std::string user_id;
  std::string kind;  ///< "camera" | "screen"
  std::string pc;
  bool live = false;
  /// The top layer its publisher was last told anyone watches (`sfu-watched`); a publisher
  /// starts with the two lowest layers, as if told 1.
  int watched = 1;
  boost::json::object to_json() const;  ///< {feed, socketId, userId, kind}
};

struct sfu_state {
  using clock = std::chrono::steady_clock;

  topology mode = topology::mesh;
  /// When the meeting last went back to the mesh; SFU events stay allowed for a while.
  std::optional<clock::time_point> left_sfu;
  bool down_armed = false;     ///< a timer will move it to the mesh
  std::uint64_t down_gen = 0;  ///< bumped to void that timer

  std::uint64_t janus_room = 0;  ///< 0: none in Janus
  std::string room_secret;
  bool creating = false;  ///< a create is in flight; `waiters` run when it ends
  std::vector<std::function<void(std::string error)>> waiters;

  std::unordered_map<std::string, sfu_pc> pcs;
  std::vector<sfu_feed> feeds;

  /// Whether SFU events are allowed now: on the SFU, or left it less than `grace` ago.
  bool allowed(clock::time_point now, std::chrono::milliseconds grace) const;
  /// The pc `id` if `socket` owns it and it is a publisher (or a subscriber), else null.
  sfu_pc* own(std::string_view id, std::string_view socket, bool publisher);
  /// Publishers (or subscribers) `socket` holds.
  std::size_t count(std::string_view socket, bool publisher) const;
  /// The live feed `feed`, or null.
  const sfu_feed* live_feed(std::string_view feed) const;
  /// The feed published through `pc`, or null.
  sfu_feed* feed_of(std::string_view pc);
  /// Removes the feed published through `pc`; returns it.
  std::optional<sfu_feed> take_feed(std::string_view pc);
  /// The highest simulcast layer anyone needs of `f` (docs/signaling.md "Layers nobody
  /// watches"): 2 while it is recorded (Janus records the best layer it gets), else the
  /// highest its subscribers asked for (one that named none counts as 2), -1 with none.
  int watched_layer(const sfu_feed& f) const;
  /// Every live feed, as `sfu-feeds` sends them.
  boost::json::array live_feeds() const;
  /// The ids of the pcs `socket` owns.
  std::vector<std::string> pcs_of(std::string_view socket) const;
};

}  // namespace parley::signaling
