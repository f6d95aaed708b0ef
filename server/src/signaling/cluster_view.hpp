// A room's copy of its meeting's membership across the cluster (docs/cluster.md
// "Membership"): every member on every process, in join order, with the process that holds
// its socket, as of change number `seq`. Built from a snapshot, then advanced only by the
// meeting channel's changes in the order Redis published them, so every process holds the
// same list after the same change.
//
// Threads: the room's strand changes it; process_of() may be called from any thread (the
// relay path), so the list is guarded by a mutex held only for a lookup or one change.
#pragma once

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "signaling/participant.hpp"

namespace parley::signaling {

struct remote_member {
  participant info;
  std::string process;
};

class cluster_view {
 public:
  enum class sync { none, syncing, synced };

  sync state() const { return state_; }
  void set_state(sync s) { state_ = s; }
  long long seq() const { return seq_; }
  /// Takes a snapshot as of change `seq`.
  void install(long long seq, std::vector<remote_member> list);
  /// True (and `s` becomes the current change) when `s` is newer than what the view holds;
  /// false for a change the snapshot already contained.
  bool advance(long long s);

  void add(remote_member m);
  std::optional<remote_member> remove(std::string_view socket_id);
  /// Applies {audio?, video?, screen?, raised?}; the member after it, or nullopt.
  std::optional<participant> patch(std::string_view socket_id, const boost::json::object& p);
  /// The participants in join order, optionally without `except`.
  boost::json::array participants(std::string_view except = {}) const;
  std::size_t size() const;
  /// The process holding `socket_id`'s socket, or "" (any thread).
  std::string process_of(std::string_view socket_id) const;
  /// The member with this socket id, copied.
  std::optional<remote_member> find(std::string_view socket_id) const;
  /// Every member, in join order, copied.
  std::vector<remote_member> members() const;
  /// Gives every member of `user_id` the role (docs/cluster.md "Moderation").
  void set_role(std::string_view user_id, const std::string& role);

  // The meeting's lobby across the cluster: joins held, oldest first (strand only).
  const std::vector<remote_member>& lobby() const { return lobby_; }
  void set_lobby(std::vector<remote_member> l) { lobby_ = std::move(l); }
  void hold(remote_member m) { lobby_.push_back(std::move(m)); }
  void let_go(std::string_view socket_id);
  bool holds_user(std::string_view user_id) const;

 private:
  sync state_ = sync::none;
  long long seq_ = 0;
  mutable std::mutex mu_;
  std::vector<remote_member> list_;
  std::vector<remote_member> lobby_;
};

}  // namespace parley::signaling
