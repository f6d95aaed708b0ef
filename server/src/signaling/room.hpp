// One meeting's live room: its members (room_state) and the emits that follow each change,
// all on the room's own strand. Because every membership change and the notifications it
// causes run on that one strand, in order, every member's view of the list (its join ack,
// then user-joined / user-left) always equals the room's.
//
// The Socket.IO room meeting_channel(id) mirrors the membership exactly (changed only here,
// on the strand), so broadcasts use it (one encode for all targets) and relays on other
// strands can check "is the target in my room" with one lookup.
//
// Threads: every public method is thread-safe: it posts to the strand and returns. Acks are
// sent from the strand, after the emits they acknowledge.
#pragma once

#include <atomic>
#include <boost/json/object.hpp>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "cluster/redis_reply.hpp"
#include "core/net.hpp"
#include "domain/errc.hpp"
#include "domain/records.hpp"
#include "signaling/cluster_message.hpp"
#include "signaling/cluster_view.hpp"
#include "signaling/moderation_requests.hpp"
#include "signaling/participant.hpp"
#include "signaling/recording_state.hpp"
#include "signaling/requests.hpp"
#include "signaling/room_state.hpp"
#include "signaling/sfu_requests.hpp"
#include "signaling/sfu_state.hpp"
#include "socketio/ack.hpp"

namespace parley::sfu {
struct answer;
struct reply;
}  // namespace parley::sfu

namespace parley::signaling {

struct context;
class member_session;

class room : public std::enable_shared_from_this<room> {
 public:
  room(std::shared_ptr<context> ctx, std::string meeting_id);
  ~room();
  room(const room&) = delete;
  room& operator=(const room&) = delete;

  const std::string& meeting_id() const { return meeting_id_; }
  /// The Socket.IO room name of this meeting.
  const std::string& channel() const { return channel_; }

  /// Whether the moderation state is loaded (any thread): until it is, a join first reads it
  /// from the store and hands it to request_join.
  bool moderation_loaded() const { return loaded_.load(std::memory_order_acquire); }
  /// A join that passed the meeting's checks (row: the meeting's row): loads `mod` if the
  /// state is not loaded yet, then gates it (room_state::gate): refused (settled with the
  /// error), held in the lobby (lobby-waiting to the joiner, lobby-request to the hosts and
  /// cohosts present; the join stays pending), or recorded in the store and admitted.
  void request_join(std::shared_ptr<member_session> session, std::shared_ptr<socketio::socket> sock,
                    participant who, domain::meeting row,
                    std::optional<store::moderation_record> mod, socketio::ack reply);
  /// A host-or-cohost event from `sender_socket` (docs/signaling.md "Moderation"). Refusals
  /// change nothing; changes that persist are acked once the store has them.
  void moderate(moderation_request req, std::string sender_socket, socketio::ack reply);
  /// reaction {socketId, userId, emoji} to everyone.
  void react(std::string socket_id, std::string emoji, socketio::ack reply);

  /// Completes a join the store accepted: adds `who` (unless its session closed meanwhile or
  /// the meeting ended), sends existing-participants to it, user-joined to the others, then
  /// settles the join through the session (the ack {ok, meeting, participants} or the error).
  void admit(std::shared_ptr<member_session> session, std::shared_ptr<socketio::socket> sock,
             participant who, domain::meeting meeting, socketio::ack reply);
  /// Removes the member (leave, disconnect): user-left to the others, left_at stored once the
  /// user's last socket is gone. Acks not_in_room if it was not a member (e.g. evicted).
  void remove(std::string socket_id, std::string reason, socketio::ack reply = {});
  /// media-state to the others.
  void update_media(std::string socket_id, media_request m, socketio::ack reply);
  /// raise-hand to everyone.
  void raise_hand(std::string socket_id, bool raised, socketio::ack reply);
  /// chat-message (already stored) to everyone, then the sender's pending handler settles
  /// with the ack {ok, message}.
  void broadcast_chat(boost::json::object message, std::shared_ptr<member_session> sender,
                      socketio::ack reply);
  /// The meeting ended: meeting-ended to everyone, every member evicted, the room closed to
  /// joins for good. Idempotent (REST end and socket end both arrive here). When a member's
  /// end-meeting asked, its pending handler settles with the ack afterwards.
  void end(std::shared_ptr<member_session> by = nullptr, socketio::ack reply = {});

  /// An SFU event of member `socket_id` (docs/signaling.md "Large meetings: the SFU"):
  /// not_in_room, wrong_topology, sfu_unavailable, not_found (a pc it does not own, a feed
  /// not of this meeting or its own), rate_limited (too many connections), or done in Janus.
  void sfu(std::string socket_id, sfu_request req, socketio::ack reply);
  /// start-recording / stop-recording of member `socket_id` (docs/recording.md "Signaling"):
  /// not_in_room, not_host (a participant), sfu_unavailable (no Janus, or it is down),
  /// internal_error (the store); otherwise acked {ok, recording} once it is on (or off).
  void record(std::string socket_id, bool start, socketio::ack reply);

  /// Janus's session came up or was lost (room_topology.cpp).
  void sfu_changed(bool up);

  /// A validated message of this meeting's cluster channel (room_cluster.cpp).
  void cluster_event(cluster_message m);
  /// With --redis: the process holding `socket_id`'s socket if it is a member elsewhere in
  /// the cluster, else "" (any thread; docs/cluster.md "Relays").
  std::string remote_process(std::string_view socket_id) const;
  /// Redis was lost: joins waiting for their change to come back answer unavailable.
  void cluster_lost();
  /// Redis is back (docs/cluster.md "Losing Redis"): the room subscribes again, re-registers
  /// its members, reads the membership and tells its sockets what changed meanwhile.
  void cluster_back();

 private:
  void do_admit(const std::shared_ptr<member_session>& session,
                std::shared_ptr<socketio::socket> sock, participant who,
                const domain::meeting& meeting, const socketio::ack& reply);
  void do_remove(const std::string& socket_id, const std::string& reason,
                 const socketio::ack& reply);
  void do_end(const std::shared_ptr<member_session>& by, const socketio::ack& reply);
  /// Whether one more participant (`socket_id`, not yet a member) would exceed
  /// --max-participants (docs/signaling.md "Limits").
  bool full(const std::string& socket_id) const;
  /// Stores left_at for `user_id` unless another of its sockets is still a member.
  void store_left(const std::string& user_id);

  // room_moderation.cpp
  void do_request_join(const std::shared_ptr<member_session>& session,
                       std::shared_ptr<socketio::socket> sock, participant who,
                       const domain::meeting& row, const socketio::ack& reply);
  /// Records the join in the store, then admit().
  void record_join(std::shared_ptr<member_session> session, std::shared_ptr<socketio::socket> sock,
                   participant who, socketio::ack reply);
  void do_moderate(const moderation_request& req, const std::string& sender,
                   const socketio::ack& reply);
  void mute(const moderation_request& req, const member& by, const socketio::ack& reply);
  void ask_unmute(const moderation_request& req, const member& by, const socketio::ack& reply);
  void remove_user(const moderation_request& req, const member& by, const socketio::ack& reply);
  void set_role(const moderation_request& req, const socketio::ack& reply);
  void set_flag(const moderation_request& req, const socketio::ack& reply);
  /// admit, deny, admit-all; `all` ignores req.target.
  void resolve_lobby(const moderation_request& req, bool all, const socketio::ack& reply);
  /// Lets held joins in (record_join) or sends them `denied`; tells the moderators once per user.
  void settle_waiting(std::vector<waiting> ws, bool admitted);
  /// An emit to every host and cohost present.
  void to_moderators(std::string_view event, const boost::json::object& body);
  /// lobby-request for every user waiting, to one moderator socket.
  void show_lobby(socketio::socket& to);
  /// Acks `reply` on the strand once `write` (a services call taking a callback<void>) is
  /// done: ok, or internal_error (the change stays in effect in the room).
  template <class Write>
  void ack_after(Write write, const socketio::ack& reply);
  /// A store write's callback that acks `reply` on the strand: ok, or internal_error.
  std::function<void(domain::outcome<void>)> ack_when_stored(socketio::ack reply);
  /// A failed lobby entry, or a join the store refused: settles its ack with `e`.
  void refuse_join(const std::shared_ptr<member_session>& session, const socketio::ack& reply,
                   errc e);

  // room_topology.cpp
  /// After an admit: switches up if the meeting became SFU-sized, sends `topology` (and
  /// `sfu-feeds` on the SFU) to the joiner or, on a switch, to everyone; returns the joiner's.
  boost::json::object topology_on_join(socketio::socket& joiner);
  /// After a removal: arms the switch down, or lets the VideoRoom go once the room is empty.
  void topology_on_leave();
  void set_mode(topology t);
  /// {mode, reason?, message?} for the room now.
  boost::json::object topology_body() const;
  void arm_switch_down();
  /// Destroys the VideoRoom once the meeting is off the SFU for the grace period with no feed
  /// left (or at once with `now`), detaching every handle still attached.
  void release_sfu(bool now = false);
  /// Whether one more member is allowed with the SFU as it is (mesh cap while Janus is down).
  std::size_t capacity() const;

  // room_sfu.cpp
  void sfu_publish(const member& m, sfu_request& req, const socketio::ack& reply);
  void sfu_subscribe(const member& m, const sfu_request& req, const socketio::ack& reply);
  /// Runs `then` once the meeting's VideoRoom exists (created on demand), or with the error.
  void with_janus_room(std::function<void(room&, std::string error)> then);
  /// Attaches a handle for `pc`, then sends `body` (+ `jsep`) on it; `then` gets the event.
  void attach_and_send(const std::string& pc, boost::json::object body, boost::json::object jsep,
                       std::function<void(room&, sfu::answer&)> then);
  /// Sends `body` (+ `jsep`) on `pc`'s handle; `then` gets the event, on the strand.
  void send_on(const sfu_pc& pc, boost::json::object body, boost::json::object jsep,
               std::function<void(room&, sfu::answer&)> then);
  void on_janus_event(const std::string& pc, const sfu::reply& r);
  /// Forgets `pc`: detaches its handle; a publisher's feed is gone (sfu-feed-removed).
  void drop_pc(const std::string& pc);
  /// Tells the publisher of `feed` the top layer anyone watches, when that changed.
  void tell_watched(const std::string& feed);
  /// Acks sfu_unavailable with Janus's reason in a sentence, and drops `pc` if given.
  void sfu_failed(const std::string& pc, const socketio::ack& reply, const std::string& why);
  void emit_to(const std::string& socket_id, std::string_view event, boost::json::value body);

  // room_recording.cpp
  void start_recording(const socketio::ack& reply);
  void recording_started(domain::outcome<domain::recording> r, const socketio::ack& reply);
  /// Stops the recording if one is on: Janus stops writing each publisher, the row becomes
  /// `processing` and goes to the worker. `reason` goes to the log.
  void stop_recording(std::string_view reason);
  /// The same, stopped by the server for `why` (plain words): the `recording` event carries
  /// it as `reason` (docs/recording.md "Disk space").
  void stop_recording(std::string_view reason, const std::string& why);
  /// Every recording::disk_check_interval while recording `id`: reads the disk on the blocking
  /// pool and stops the recording when the limit or the disk is reached.
  void watch_disk(std::string id);
  /// Asks Janus to record publisher `pc` into the current recording's folder.
  void record_pc(sfu_pc& pc);
  // room_cluster.cpp (docs/cluster.md "Membership"), with --redis only
  struct pending_join {
    std::shared_ptr<member_session> session;
    std::shared_ptr<socketio::socket> sock;
    participant who;
    domain::meeting meeting;
    socketio::ack reply;
    long long seq = 0;  ///< 0 until the join script answered
  };
  /// Runs `then` on the strand once the view holds the meeting's membership (subscribed to
  /// its channel, then a snapshot taken).
  void with_sync(std::function<void(room&)> then);
  /// Once subscribed: reads the snapshot (seeding `seed` if Redis has no moderation state)
  /// and installs it; `rebuild` when it ends this room's rebuild after Redis came back.
  void read_snapshot(std::string seed, bool rebuild);
  /// Installs a snapshot's reply; waiters of with_sync run after it.
  void install_snapshot(const cluster::redis_reply& r, bool rebuild);
  /// A snapshot was not read (Redis failed): the view is unsynced, its waiters see it so.
  void sync_failed();

  // room_cluster_rebuild.cpp (docs/cluster.md "Losing Redis"), with --redis only
  void rebuild();
  /// Subscribed again: re-registers each member of this process, then read_snapshot.
  void reregister(unsigned gen, std::string seed);
  /// After a rebuild's snapshot: the list becomes Redis's, user-joined / user-left told to
  /// this process's sockets for the differences; members of other processes not (yet)
  /// re-registered stay for node_options::rebuild_grace (unconfirmed_).
  void install_rebuilt(long long seq, std::vector<remote_member> list);
  /// The grace is over: members still unconfirmed leave (user-left).
  void drop_unconfirmed(unsigned gen);
  void cluster_admit(const std::shared_ptr<member_session>& session,
                     std::shared_ptr<socketio::socket> sock, participant who,
                     const domain::meeting& meeting, const socketio::ack& reply);
  void cluster_joined(const std::string& socket_id, long long seq);
  void finish_admit(pending_join p);
  void apply(cluster_message& m);
  void apply_one(cluster_message& m);
  void apply_join(cluster_message& m);
  void apply_update(const cluster_message& m);
  /// A flag change through the update script; `reply` gets ok or unavailable.
  void cluster_update(const std::string& socket_id, boost::json::object patch, std::string event,
                      const socketio::ack& reply);
  /// A member gone from state_: the leave script, then (once this room applied it, or Redis
  /// failed) out of the Socket.IO room and `reply` ok.
  void cluster_leave(const std::string& socket_id, const std::string& reason,
                     std::shared_ptr<socketio::socket> sock, const socketio::ack& reply);
  /// An event to everyone in the meeting, on every process; `done(false)` when Redis failed.
  void cluster_emit(std::string event, boost::json::object body, std::function<void(bool)> done);

  // room_cluster_moderation.cpp and room_cluster_lobby.cpp (docs/cluster.md "Moderation"),
  // with --redis only: the moderation state and the lobby live in Redis; each change is a script
  // that publishes it on the meeting channel, and every process applies it to its own sockets.
  using change_done = std::function<void(room&, bool applied)>;
  /// Runs `then` on the strand once this room applied change `seq` (false: Redis failed).
  void after_change(long long seq, change_done then);
  /// Runs the waiters whose change is applied.
  void changes_applied();
  void cluster_moderate(const moderation_request& req, const std::string& sender,
                        const socketio::ack& reply);
  /// Whether `sender` may act on `target` (empty: room-wide), with the target's entry.
  std::optional<errc> cluster_may_moderate(const std::string& sender, const std::string& target,
                                           std::optional<remote_member>& found) const;
  /// A script's {seq, n}: unavailable, not_in_room (nothing changed and `need_change`), or
  /// `then(n)` once this room applied it, then the store write (if any) and the ack.
  void on_change(long long seq, long long n, bool need_change, const socketio::ack& reply,
                 std::function<void(room&, long long n, const socketio::ack&)> then);
  /// The snapshot's moderation state and lobby (empty strings: none).
  void install_moderation(const std::string& mod, const std::string& lobby);
  void apply_mute(const cluster_message& m);
  void apply_ban(const cluster_message& m);
  void apply_role(const cluster_message& m);
  void apply_settings(const cluster_message& m);
  // room_cluster_lobby.cpp
  /// Holds a join in the cluster's lobby (the wait script): lobby-waiting once it is held, or
  /// the join goes ahead (no lobby for it any more), or it is refused.
  void cluster_hold(const std::shared_ptr<member_session>& session,
                    std::shared_ptr<socketio::socket> sock, participant who,
                    const socketio::ack& reply);
  void cluster_held(const std::string& socket_id, long long seq);
  void apply_wait(cluster_message& m);
  void apply_resolve(cluster_message& m);

  template <class F>
  void on_strand(F f) {
    net::post(strand_, [self = shared_from_this(), f = std::move(f)]() mutable { f(*self); });
  }

  const std::shared_ptr<context> ctx_;
  const std::string meeting_id_;
  const std::string log_id_;  ///< log_name(meeting_id_)
  const std::string channel_;
  net::strand<net::any_io_executor> strand_;
  room_state state_;                   // strand only
  sfu_state sfu_;                      // strand only
  recording_state rec_;                // strand only
  std::atomic<bool> loaded_{false};    ///< state_.loaded(), readable from any thread
  cluster_view cv_;                    // strand only, but process_of()
  std::vector<pending_join> pending_;  // strand only
  std::vector<std::function<void(room&)>> after_sync_;      // strand only
  std::vector<cluster_message> early_;                      // strand only: before the snapshot
  std::vector<std::pair<long long, change_done>> changes_;  // strand only: after_change
  /// strand only: sockets that left but are in the Socket.IO room until their leave is applied
  std::vector<std::shared_ptr<socketio::socket>> leaving_;
  std::vector<std::string> admitted_;  ///< strand only: sockets let in from the lobby, joining
  bool rebuilding_ = false;            ///< strand only: Redis came back, the view is to rebuild
  unsigned rebuild_gen_ = 0;           ///< strand only: bumped per loss and per rebuild
  /// strand only: members of other processes kept after a rebuild until their re-registration
  std::vector<std::string> unconfirmed_;
};

}  // namespace parley::signaling
