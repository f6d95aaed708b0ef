#include "signaling/room_registry.hpp"

#include "signaling/context.hpp"
#include "signaling/room.hpp"

namespace parley::signaling {

std::shared_ptr<room> room_registry::acquire(const std::shared_ptr<context>& ctx,
                                             const std::string& meeting_id) {
  std::lock_guard lock(mu_);
  entry& e = rooms_[meeting_id];
  if (auto r = e.live.lock()) return r;
  auto r = std::make_shared<room>(ctx, meeting_id);
  e = {r, r.get()};
  return r;
}

std::shared_ptr<room> room_registry::find(const std::string& meeting_id) const {
  std::lock_guard lock(mu_);
  auto it = rooms_.find(meeting_id);
  return it == rooms_.end() ? nullptr : it->second.live.lock();
}

std::size_t room_registry::size() const {
  std::lock_guard lock(mu_);
  return rooms_.size();
}

std::vector<std::shared_ptr<room>> room_registry::all() const {
  std::lock_guard lock(mu_);
  std::vector<std::shared_ptr<room>> out;
  for (const auto& [id, e] : rooms_)
    if (auto r = e.live.lock()) out.push_back(std::move(r));
  return out;
}

std::vector<std::string> room_registry::meeting_ids() const {
  std::lock_guard lock(mu_);
  std::vector<std::string> out;
  out.reserve(rooms_.size());
  // expired(), not lock(): a room whose last holder went while we held it would run its
  // destructor, and with it forget(), under mu_.
  for (const auto& [id, e] : rooms_)
    if (!e.live.expired()) out.push_back(id);
  return out;
}

void room_registry::forget(const std::string& meeting_id, const room* r) {
  std::lock_guard lock(mu_);
  auto it = rooms_.find(meeting_id);
  if (it != rooms_.end() && it->second.identity == r) rooms_.erase(it);
}

}  // namespace parley::signaling
