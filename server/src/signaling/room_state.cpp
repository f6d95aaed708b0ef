#include "signaling/room_state.hpp"

#include <algorithm>
#include <boost/json/array.hpp>

namespace parley::signaling {

namespace {
auto by_socket(std::string_view id) {
  return [id](const member& m) { return m.info.socket_id == id; };
}
}  // namespace

std::optional<errc> room_state::admit(member m) {
  if (ended_) return errc::meeting_ended;
  if (find(m.info.socket_id)) return errc::already_in_room;
  members_.push_back(std::move(m));
  return std::nullopt;
}

std::optional<member> room_state::remove(std::string_view socket_id) {
  auto it = std::find_if(members_.begin(), members_.end(), by_socket(socket_id));
  if (it == members_.end()) return std::nullopt;
  member out = std::move(*it);
  members_.erase(it);
  return out;
}

std::vector<member> room_state::end() {
  ended_ = true;
  return std::exchange(members_, {});
}

member* room_state::find(std::string_view socket_id) {
  auto it = std::find_if(members_.begin(), members_.end(), by_socket(socket_id));
  return it == members_.end() ? nullptr : &*it;
}

const member* room_state::find(std::string_view socket_id) const {
  auto it = std::find_if(members_.begin(), members_.end(), by_socket(socket_id));
  return it == members_.end() ? nullptr : &*it;
}

boost::json::array room_state::participants(std::string_view except_socket) const {
  boost::json::array out;
  out.reserve(members_.size());
  for (const auto& m : members_) {
    if (m.info.socket_id != except_socket) out.push_back(m.info.to_json());
  }
  return out;
}

}  // namespace parley::signaling
