// The long-polling side of a session: packets waiting for the client's next GET, and the GET
// being held until there is something to answer. Strand-confined (the session's strand).
#pragma once

#include <cstddef>
#include <memory>
#include <vector>

#include "engineio/packet.hpp"
#include "engineio/reply.hpp"

namespace parley::engineio {

class polling_transport {
 public:
  void push(out_packet p);
  std::size_t queued_bytes() const { return queued_bytes_; }

  /// A GET is being held.
  bool holding() const { return held_ != nullptr; }
  /// Holds `r` until flush() or release(). Precondition: !holding().
  void hold(reply r);
  /// Answers the held GET with everything queued, if there is a GET and something queued.
  void flush();
  /// Answers the held GET now: what is queued, then `last` (close), or `last` alone when
  /// nothing is queued (noop). Nothing happens without a held GET.
  void release(packet_type last);
  /// Hands the queue over (to the WebSocket after an upgrade).
  std::vector<out_packet> take_queue();

 private:
  void answer();

  std::vector<out_packet> queue_;
  std::size_t queued_bytes_ = 0;
  std::unique_ptr<reply> held_;  ///< on the heap: most sessions are on WebSocket and never hold one
};

}  // namespace parley::engineio
