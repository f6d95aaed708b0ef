// libFuzzer target for the messages processes exchange through Redis (docs/cluster.md
// "Messages"): parse_cluster_message, and a snapshot's moderation state and lobby, must never
// crash, and whatever they accept must hold the invariants the rooms rely on (bounded strings
// and lists, documented values only).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "signaling/cluster_message.hpp"

using namespace parley::signaling;

namespace {

void check(bool ok) {
  if (!ok) std::abort();
}

bool short_enough(std::string_view s) {
  return s.size() <= 256;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  if (auto m = parse_cluster_message(text)) {
    check(m->sockets.size() <= max_listed && m->waiting.size() <= max_listed);
    for (const auto& s : m->sockets) check(short_enough(s));
    check(short_enough(m->socket_id) && short_enough(m->user_id) && short_enough(m->choice));
    using k = cluster_message::kind;
    if (m->type == k::mute)
      check(!m->sockets.empty() && (m->choice == "audio" || m->choice == "video"));
    if (m->type == k::role) check(m->choice == "cohost" || m->choice == "participant");
    if (m->type == k::resolve) check(!m->waiting.empty());
    if (m->meeting_scoped() && m->type != k::emit && m->type != k::end) check(m->seq > 0);
  }
  std::string host;
  parley::store::moderation_record rec;
  if (parse_cluster_moderation(text, host, rec))
    check(short_enough(host) && rec.cohosts.size() <= max_listed &&
          rec.banned.size() <= max_listed);
  std::vector<cluster_entry_of> lobby;
  if (parse_cluster_lobby(text, lobby)) check(lobby.size() <= max_listed);
  return 0;
}
