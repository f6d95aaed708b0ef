#include "signaling/event_table.hpp"

#include "signaling/handlers.hpp"

namespace parley::signaling {

std::span<const event_entry> event_table() {
  static constexpr event_entry table[] = {
      {"join", &handlers::join},
      {"offer", &handlers::relay<relay_type::offer>, &handlers::relay_raw<relay_type::offer>},
      {"answer", &handlers::relay<relay_type::answer>, &handlers::relay_raw<relay_type::answer>},
      {"ice-candidate", &handlers::relay<relay_type::ice_candidate>,
       &handlers::relay_raw<relay_type::ice_candidate>},
      {"leave", &handlers::leave},
      {"chat-message", &handlers::chat_message},
      {"media-state", &handlers::media_state},
      {"raise-hand", &handlers::raise_hand},
      {"end-meeting", &handlers::end_meeting},
  };
  return table;
}

const event_entry* find_event(std::string_view name) {
  for (const event_entry& e : event_table())
    if (e.name == name) return &e;
  return nullptr;
}

}  // namespace parley::signaling
