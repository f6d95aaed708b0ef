// room_state's moderation half: roles, bans, lock, lobby (docs/signaling.md "Moderation").
#include <algorithm>
#include <boost/json/object.hpp>
#include <iterator>
#include <utility>

#include "signaling/room_state.hpp"

namespace parley::signaling {

namespace {

bool contains(const std::vector<std::string>& v, std::string_view x) {
  return std::find(v.begin(), v.end(), x) != v.end();
}

void erase(std::vector<std::string>& v, std::string_view x) {
  v.erase(std::remove(v.begin(), v.end(), x), v.end());
}

}  // namespace

std::string_view role_name(role r) noexcept {
  switch (r) {
    case role::host:
      return "host";
    case role::cohost:
      return "cohost";
    default:
      return "participant";
  }
}

void room_state::load(std::string host_id, const store::moderation_record& m) {
  if (loaded_) return;
  loaded_ = true;
  host_id_ = std::move(host_id);
  cohosts_ = m.cohosts;
  banned_ = m.banned;
  locked_ = m.locked;
  lobby_ = m.lobby;
}

void room_state::replace(std::string host_id, const store::moderation_record& m) {
  loaded_ = false;
  load(std::move(host_id), m);
  for (auto& member : members_)
    member.info.role = std::string(role_name(role_of(member.info.user_id)));
}

role room_state::role_of(std::string_view user_id) const {
  if (user_id == host_id_) return role::host;
  if (contains(cohosts_, user_id)) return role::cohost;
  return role::participant;
}

gate_result room_state::gate(std::string_view user_id) const {
  if (banned(user_id)) return {errc::banned};
  const bool moderator = role_of(user_id) != role::participant;
  if (locked_ && !moderator) return {errc::meeting_locked};
  return {std::nullopt, lobby_ && !moderator};
}

std::optional<errc> room_state::may_moderate(std::string_view sender_socket,
                                             std::string_view target_socket) const {
  const member* sender = find(sender_socket);
  if (!sender) return errc::not_in_room;
  const role mine = role_of(sender->info.user_id);
  if (mine == role::participant) return errc::not_host;
  if (target_socket.empty()) return std::nullopt;
  if (target_socket == sender_socket) return errc::invalid_target;
  const member* target = find(target_socket);
  if (!target) return errc::not_in_room;
  if (role_of(target->info.user_id) == role::host && mine != role::host) return errc::not_host;
  return std::nullopt;
}

std::optional<errc> room_state::set_cohost(std::string_view user_id, bool cohost) {
  if (user_id == host_id_) return errc::invalid_target;
  erase(cohosts_, user_id);
  if (cohost) cohosts_.emplace_back(user_id);
  const auto name = std::string(role_name(role_of(user_id)));
  for (auto& m : members_)
    if (m.info.user_id == user_id) m.info.role = name;
  return std::nullopt;
}

std::vector<member> room_state::ban(std::string_view user_id) {
  if (!banned(user_id)) banned_.emplace_back(user_id);
  erase(cohosts_, user_id);
  std::vector<member> out;
  auto keep = std::stable_partition(members_.begin(), members_.end(),
                                    [&](const member& m) { return m.info.user_id != user_id; });
  std::move(keep, members_.end(), std::back_inserter(out));
  members_.erase(keep, members_.end());
  return out;
}

bool room_state::banned(std::string_view user_id) const {
  return contains(banned_, user_id);
}

boost::json::object room_state::settings() const {
  return {{"locked", locked_}, {"lobby", lobby_}};
}

std::vector<const member*> room_state::moderators() const {
  std::vector<const member*> out;
  for (const auto& m : members_)
    if (role_of(m.info.user_id) != role::participant) out.push_back(&m);
  return out;
}

bool room_state::wait(waiting w) {
  const bool first = !is_waiting(w.m.info.user_id);
  lobby_queue_.push_back(std::move(w));
  return first;
}

std::vector<waiting> room_state::take_waiting(std::string_view user_id) {
  std::vector<waiting> out;
  auto keep = std::stable_partition(lobby_queue_.begin(), lobby_queue_.end(),
                                    [&](const waiting& w) { return w.m.info.user_id != user_id; });
  std::move(keep, lobby_queue_.end(), std::back_inserter(out));
  lobby_queue_.erase(keep, lobby_queue_.end());
  return out;
}

std::vector<waiting> room_state::take_all_waiting() {
  return std::exchange(lobby_queue_, {});
}

std::optional<waiting> room_state::drop_waiting(std::string_view socket_id) {
  auto it = std::find_if(lobby_queue_.begin(), lobby_queue_.end(),
                         [&](const waiting& w) { return w.m.info.socket_id == socket_id; });
  if (it == lobby_queue_.end()) return std::nullopt;
  waiting out = std::move(*it);
  lobby_queue_.erase(it);
  return out;
}

bool room_state::is_waiting(std::string_view user_id) const {
  return std::any_of(lobby_queue_.begin(), lobby_queue_.end(),
                     [&](const waiting& w) { return w.m.info.user_id == user_id; });
}

}  // namespace parley::signaling
