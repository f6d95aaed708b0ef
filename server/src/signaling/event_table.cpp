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
      {"mute-participant", &handlers::moderate<moderation_op::mute>},
      {"mute-all", &handlers::moderate<moderation_op::mute_all>},
      {"ask-unmute", &handlers::moderate<moderation_op::ask_unmute>},
      {"remove-participant", &handlers::moderate<moderation_op::remove>},
      {"set-role", &handlers::moderate<moderation_op::set_role>},
      {"lock-meeting", &handlers::moderate<moderation_op::lock>},
      {"set-lobby", &handlers::moderate<moderation_op::set_lobby>},
      {"admit", &handlers::moderate<moderation_op::admit>},
      {"deny", &handlers::moderate<moderation_op::deny>},
      {"admit-all", &handlers::moderate<moderation_op::admit_all>},
      {"reaction", &handlers::reaction},
      {"sfu-publish", &handlers::sfu<sfu_op::publish>},
      {"sfu-unpublish", &handlers::sfu<sfu_op::unpublish>},
      {"sfu-subscribe", &handlers::sfu<sfu_op::subscribe>},
      {"sfu-answer", &handlers::sfu<sfu_op::answer>},
      {"sfu-unsubscribe", &handlers::sfu<sfu_op::unsubscribe>},
      {"sfu-candidate", &handlers::sfu<sfu_op::candidate>},
      {"sfu-layer", &handlers::sfu<sfu_op::layer>},
      {"start-recording", &handlers::start_recording},
      {"stop-recording", &handlers::stop_recording},
  };
  return table;
}

const event_entry* find_event(std::string_view name) {
  for (const event_entry& e : event_table())
    if (e.name == name) return &e;
  return nullptr;
}

}  // namespace parley::signaling
