#include "signaling/event_table.hpp"

#include "signaling/handlers.hpp"

namespace parley::signaling {

std::span<const event_entry> event_table() {
  static constexpr event_entry table[] = {
      {"join", &handlers::join},
      {"offer", &handlers::relay<relay_type::offer>, true},
      {"answer", &handlers::relay<relay_type::answer>, true},
      {"ice-candidate", &handlers::relay<relay_type::ice_candidate>, true},
      {"leave", &handlers::leave},
      {"chat-message", &handlers::chat_message},
      {"media-state", &handlers::media_state},
      {"raise-hand", &handlers::raise_hand},
      {"end-meeting", &handlers::end_meeting},
  };
  return table;
}

}  // namespace parley::signaling
