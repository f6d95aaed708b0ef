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

#include <boost/json/object.hpp>
#include <memory>
#include <string>

#include "core/net.hpp"
#include "domain/records.hpp"
#include "signaling/participant.hpp"
#include "signaling/requests.hpp"
#include "signaling/room_state.hpp"
#include "socketio/ack.hpp"

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

 private:
  void do_admit(const std::shared_ptr<member_session>& session,
                std::shared_ptr<socketio::socket> sock, participant who,
                const domain::meeting& meeting, const socketio::ack& reply);
  void do_remove(const std::string& socket_id, const std::string& reason,
                 const socketio::ack& reply);
  void do_end(const std::shared_ptr<member_session>& by, const socketio::ack& reply);
  /// Stores left_at for `user_id` unless another of its sockets is still a member.
  void store_left(const std::string& user_id);

  template <class F>
  void on_strand(F f) {
    net::post(strand_, [self = shared_from_this(), f = std::move(f)]() mutable { f(*self); });
  }

  const std::shared_ptr<context> ctx_;
  const std::string meeting_id_;
  const std::string log_id_;  ///< log_name(meeting_id_)
  const std::string channel_;
  net::strand<net::any_io_executor> strand_;
  room_state state_;  // strand only
};

}  // namespace parley::signaling
