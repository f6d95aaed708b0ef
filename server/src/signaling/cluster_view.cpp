#include "signaling/cluster_view.hpp"

#include <algorithm>

namespace parley::signaling {

void cluster_view::install(long long seq, std::vector<remote_member> list) {
  std::lock_guard lock(mu_);
  seq_ = seq;
  list_ = std::move(list);
}

bool cluster_view::advance(long long s) {
  if (s <= seq_) return false;
  seq_ = s;
  return true;
}

void cluster_view::add(remote_member m) {
  std::lock_guard lock(mu_);
  list_.push_back(std::move(m));
}

std::optional<remote_member> cluster_view::remove(std::string_view socket_id) {
  std::lock_guard lock(mu_);
  auto it = std::find_if(list_.begin(), list_.end(),
                         [&](const remote_member& m) { return m.info.socket_id == socket_id; });
  if (it == list_.end()) return std::nullopt;
  remote_member m = std::move(*it);
  list_.erase(it);
  return m;
}

std::optional<participant> cluster_view::patch(std::string_view socket_id,
                                               const boost::json::object& p) {
  std::lock_guard lock(mu_);
  for (auto& m : list_) {
    if (m.info.socket_id != socket_id) continue;
    for (const auto& [k, v] : p) {
      if (!v.is_bool()) continue;
      if (k == "audio") m.info.audio = v.get_bool();
      if (k == "video") m.info.video = v.get_bool();
      if (k == "screen") m.info.screen = v.get_bool();
      if (k == "raised") m.info.raised = v.get_bool();
    }
    return m.info;
  }
  return std::nullopt;
}

boost::json::array cluster_view::participants(std::string_view except) const {
  std::lock_guard lock(mu_);
  boost::json::array out;
  for (const auto& m : list_)
    if (m.info.socket_id != except) out.push_back(m.info.to_json());
  return out;
}

std::size_t cluster_view::size() const {
  std::lock_guard lock(mu_);
  return list_.size();
}

std::string cluster_view::process_of(std::string_view socket_id) const {
  std::lock_guard lock(mu_);
  for (const auto& m : list_)
    if (m.info.socket_id == socket_id) return m.process;
  return {};
}

std::optional<remote_member> cluster_view::find(std::string_view socket_id) const {
  std::lock_guard lock(mu_);
  for (const auto& m : list_)
    if (m.info.socket_id == socket_id) return m;
  return std::nullopt;
}

std::vector<remote_member> cluster_view::members() const {
  std::lock_guard lock(mu_);
  return list_;
}

void cluster_view::set_role(std::string_view user_id, const std::string& role) {
  std::lock_guard lock(mu_);
  for (auto& m : list_)
    if (m.info.user_id == user_id) m.info.role = role;
}

void cluster_view::let_go(std::string_view socket_id) {
  std::erase_if(lobby_, [&](const remote_member& m) { return m.info.socket_id == socket_id; });
}

bool cluster_view::holds_user(std::string_view user_id) const {
  return std::any_of(lobby_.begin(), lobby_.end(),
                     [&](const remote_member& m) { return m.info.user_id == user_id; });
}

}  // namespace parley::signaling
