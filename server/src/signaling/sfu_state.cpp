#include "signaling/sfu_state.hpp"

#include <algorithm>

namespace parley::signaling {

namespace json = boost::json;

std::string_view topology_name(topology t) noexcept {
  return t == topology::sfu ? "sfu" : "mesh";
}

json::object sfu_feed::to_json() const {
  return {{"feed", feed}, {"socketId", socket_id}, {"userId", user_id}, {"kind", kind}};
}

bool sfu_state::allowed(clock::time_point now, std::chrono::milliseconds grace) const {
  return mode == topology::sfu || (left_sfu && now - *left_sfu < grace);
}

sfu_pc* sfu_state::own(std::string_view id, std::string_view socket, bool publisher) {
  auto it = pcs.find(std::string(id));
  if (it == pcs.end() || it->second.owner != socket || it->second.publisher != publisher)
    return nullptr;
  return &it->second;
}

std::size_t sfu_state::count(std::string_view socket, bool publisher) const {
  return static_cast<std::size_t>(std::count_if(pcs.begin(), pcs.end(), [&](const auto& kv) {
    return kv.second.owner == socket && kv.second.publisher == publisher;
  }));
}

const sfu_feed* sfu_state::live_feed(std::string_view feed) const {
  for (const auto& f : feeds)
    if (f.feed == feed && f.live) return &f;
  return nullptr;
}

sfu_feed* sfu_state::feed_of(std::string_view pc) {
  for (auto& f : feeds)
    if (f.pc == pc) return &f;
  return nullptr;
}

std::optional<sfu_feed> sfu_state::take_feed(std::string_view pc) {
  auto it = std::find_if(feeds.begin(), feeds.end(), [&](const sfu_feed& f) { return f.pc == pc; });
  if (it == feeds.end()) return std::nullopt;
  sfu_feed f = std::move(*it);
  feeds.erase(it);
  return f;
}

int sfu_state::watched_layer(const sfu_feed& f) const {
  constexpr int top = 2;
  if (auto it = pcs.find(f.pc); it != pcs.end() && !it->second.recording.empty()) return top;
  int layer = -1;
  for (const auto& [id, pc] : pcs)
    if (!pc.publisher && pc.feed == f.feed)
      layer = std::max(layer, pc.substream < 0 ? top : pc.substream);
  return layer;
}

json::array sfu_state::live_feeds() const {
  json::array out;
  for (const auto& f : feeds)
    if (f.live) out.push_back(f.to_json());
  return out;
}

std::vector<std::string> sfu_state::pcs_of(std::string_view socket) const {
  std::vector<std::string> out;
  for (const auto& [id, pc] : pcs)
    if (pc.owner == socket) out.push_back(id);
  return out;
}

}  // namespace parley::signaling
