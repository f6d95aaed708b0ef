#include "domain/listeners.hpp"

#include <algorithm>

namespace parley::domain {

void listeners::add(std::weak_ptr<domain_listener> l) {
  std::lock_guard lock(mutex_);
  list_.push_back(std::move(l));
}

std::vector<std::shared_ptr<domain_listener>> listeners::live() {
  std::lock_guard lock(mutex_);
  std::erase_if(list_, [](auto& w) { return w.expired(); });
  std::vector<std::shared_ptr<domain_listener>> out;
  for (auto& w : list_)
    if (auto s = w.lock()) out.push_back(std::move(s));
  return out;
}

void listeners::session_revoked(const std::string& session_id) {
  for (auto& l : live()) l->on_session_revoked(session_id);
}

void listeners::meeting_ended(const std::string& meeting_id) {
  for (auto& l : live()) l->on_meeting_ended(meeting_id);
}

}  // namespace parley::domain
