// Named limits of the signaling layer; each default says why. Filled by the app (defaults are
// the contract's) and read-only afterwards.
#pragma once

#include <chrono>
#include <cstddef>

namespace parley::signaling {

struct limits {
  /// Contract: an SDP string (offer.sdp / answer.sdp) of at most 64 KiB. Real offers with
  /// simulcast and many codecs stay under 20 KiB.
  std::size_t max_sdp_bytes = 64 * 1024;
  /// Contract: a candidate string of at most 2 KiB (real ones are ~100 bytes).
  std::size_t max_candidate_bytes = 2 * 1024;
  /// Room for everything else inside an offer/answer/candidate object (type, sdpMid,
  /// usernameFragment, ...), so a client cannot smuggle bulk beside a small SDP.
  std::size_t max_relay_extra_bytes = 1024;
  /// Contract: chat text of 1-4000 Unicode code points.
  std::size_t max_chat_code_points = 4000;
  /// Longest meetingId / socket id / password we even look at; longer is invalid at once.
  std::size_t max_field_bytes = 1024;

  /// Per-socket token bucket: sustained events per second, and the burst a client may send at
  /// once. Joining a 4-party mesh costs ~3 offers + ~30 candidates in a second; 200 covers a
  /// renegotiation storm of a large room while a flood is cut within a second.
  double events_per_second = 50;
  double event_burst = 200;
  /// Abuse budget: each refused event (rate_limited or invalid_payload) spends one; it refills
  /// at one per second. An empty budget disconnects the socket: a buggy client survives a
  /// short burst of mistakes, a flooder is gone within ~100 refused events.
  double abuse_budget = 100;
  double abuse_refill_per_second = 1;
  /// Reactions per socket: sustained per second and burst. A person clicking fast gets a
  /// handful through; a script cannot fill every screen with emoji (the rest: rate_limited).
  double reactions_per_second = 1;
  double reaction_burst = 5;
  /// Events waiting behind one that awaits the store (join, chat, end); more is rate_limited.
  std::size_t max_queued_events = 64;
  /// Participants (sockets) in one room; one more join is meeting_full (--max-participants).
  /// A full mesh of 8 is 56 media streams per meeting, about what browsers manage.
  std::size_t max_participants = 8;

  // The SFU (docs/signaling.md "Large meetings: the SFU").
  /// A join that makes a meeting threshold+1 participants moves it to the SFU (0: always).
  std::size_t sfu_threshold = 4;
  /// The most a mesh carries: with Janus down, a meeting this large refuses new joins.
  std::size_t mesh_max_participants = 8;
  /// How long a meeting stays on the SFU at threshold-1 or fewer before it goes back to the
  /// mesh; also how long SFU events stay allowed after that (make-before-break going down).
  std::chrono::milliseconds sfu_down_delay{30000};
  /// Publisher connections per socket (camera and screen) and subscriber connections.
  std::size_t sfu_publishers_per_socket = 2;
  std::size_t sfu_subscribers_per_socket = 100;
};

}  // namespace parley::signaling
