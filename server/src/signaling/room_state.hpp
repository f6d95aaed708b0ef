// The membership of one meeting room as a plain state machine (no I/O, no threads): who is in
// it, in order of joining, and whether the meeting ended. `room` drives it on its strand and
// turns each transition into emits; the unit tests drive it directly.
//
// States: open (0..n members) -> ended (0 members, final). Transitions:
//   admit(p)   open: appends p (unless its socket is already a member) | ended: refused
//   remove(id) removes and returns the member, or nothing if it is not one
//   end()      open -> ended, returns the members it had (now empty) | ended: returns {}
//
// Moderation (docs/signaling.md "Moderation"), loaded once from the store (load()):
//   roles      host = the meeting's host_id; cohost = a user the host (or a cohost) made one;
//              everyone else participant. A role belongs to the user, not the socket: the host
//              leaving does not touch cohosts, and the host returning is host again.
//   gate(u)    banned -> banned | locked and u not host/cohost -> meeting_locked |
//              lobby on and u not host/cohost -> wait | enter
//   lobby      wait(w) queues a held join; take_waiting(u) / take_all_waiting() hand them out
//              exactly once (the first admit or deny wins); drop_waiting(socket) forgets one.
//   ban(u)     bans u for good, drops its cohost role, returns its members (evicted).
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "signaling/errc.hpp"
#include "signaling/participant.hpp"
#include "socketio/ack.hpp"
#include "store/records.hpp"

namespace parley::socketio {
class socket;
}

namespace parley::signaling {

class member_session;

struct member {
  participant info;
  std::shared_ptr<socketio::socket> socket;  ///< held while a member (null in unit tests)
  std::weak_ptr<member_session> session;     ///< told when the room evicts it
};

enum class role { participant, cohost, host };
std::string_view role_name(role r) noexcept;  ///< "participant" | "cohost" | "host"

/// A join held in the lobby: the member it would add and the ack that answers it.
struct waiting {
  member m;
  socketio::ack reply;
};

/// How a join may proceed (room_state::gate): refused, held in the lobby, or let in.
struct gate_result {
  std::optional<errc> refused;
  bool wait = false;
};

class room_state {
 public:
  /// meeting_ended once ended; already_in_room if the socket is already a member.
  std::optional<errc> admit(member m);
  /// The removed member, or nullopt if `socket_id` is not a member.
  std::optional<member> remove(std::string_view socket_id);
  /// Ends the room: returns every member (in join order) and leaves it empty for good.
  std::vector<member> end();

  /// The member with this socket id, or null.
  member* find(std::string_view socket_id);
  const member* find(std::string_view socket_id) const;
  const std::vector<member>& members() const { return members_; }
  std::size_t size() const { return members_.size(); }
  bool empty() const { return members_.empty(); }
  bool ended() const { return ended_; }

  /// The participants in join order, optionally without `except_socket`.
  boost::json::array participants(std::string_view except_socket = {}) const;

  // ---- moderation ----
  /// Takes the persisted state; later calls are ignored (the live room is the authority).
  void load(std::string host_id, const store::moderation_record& m);
  /// Takes the state as the cluster holds it (docs/cluster.md "Moderation"), replacing what
  /// was loaded; the members' roles follow.
  void replace(std::string host_id, const store::moderation_record& m);
  /// What load() took, as changed since (the cluster's seed).
  store::moderation_record record() const { return {locked_, lobby_, cohosts_, banned_}; }
  const std::string& host_id() const { return host_id_; }
  bool loaded() const { return loaded_; }
  role role_of(std::string_view user_id) const;
  gate_result gate(std::string_view user_id) const;
  /// Whether `sender_socket` may moderate `target_socket` (empty: a room-wide action):
  /// not_in_room (sender or target not a member), not_host (sender a participant, or a
  /// cohost acting on the host), invalid_target (the sender itself).
  std::optional<errc> may_moderate(std::string_view sender_socket,
                                   std::string_view target_socket = {}) const;
  /// Makes `user_id` a cohost or a participant; every member of that user takes the role.
  /// invalid_target when it is the host.
  std::optional<errc> set_cohost(std::string_view user_id, bool cohost);
  /// Bans `user_id`, drops its cohost role; returns its members, removed (join order).
  std::vector<member> ban(std::string_view user_id);
  bool banned(std::string_view user_id) const;
  bool locked() const { return locked_; }
  bool lobby_enabled() const { return lobby_; }
  void set_locked(bool on) { locked_ = on; }
  void set_lobby(bool on) { lobby_ = on; }
  /// {locked, lobby}
  boost::json::object settings() const;
  /// Members who are host or cohost.
  std::vector<const member*> moderators() const;

  /// Holds a join; true when it is the user's first waiting socket (hosts are told then).
  bool wait(waiting w);
  std::vector<waiting> take_waiting(std::string_view user_id);
  std::vector<waiting> take_all_waiting();
  /// Forgets the held join of `socket_id`, if any.
  std::optional<waiting> drop_waiting(std::string_view socket_id);
  bool is_waiting(std::string_view user_id) const;
  const std::vector<waiting>& lobby() const { return lobby_queue_; }

 private:
  // Join order matters (lists are shown in it) and rooms are small (a mesh tops out around
  // a dozen), so a vector with linear lookups beats a map here.
  std::vector<member> members_;
  bool ended_ = false;
  bool loaded_ = false;
  std::string host_id_;
  std::vector<std::string> cohosts_;
  std::vector<std::string> banned_;
  bool locked_ = false;
  bool lobby_ = false;
  std::vector<waiting> lobby_queue_;  ///< held joins, oldest first
};

}  // namespace parley::signaling
