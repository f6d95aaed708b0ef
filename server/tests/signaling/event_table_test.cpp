#include "signaling/event_table.hpp"

#include <gtest/gtest.h>

#include <map>
#include <string>

namespace parley::signaling {
namespace {

TEST(event_table, has_every_contract_event_once_with_a_handler) {
  const std::map<std::string, bool> contract = {{"join", false},
                                                {"offer", true},
                                                {"answer", true},
                                                {"ice-candidate", true},
                                                {"leave", false},
                                                {"chat-message", false},
                                                {"media-state", false},
                                                {"raise-hand", false},
                                                {"end-meeting", false},
                                                // docs/signaling.md "Moderation"
                                                {"mute-participant", false},
                                                {"mute-all", false},
                                                {"ask-unmute", false},
                                                {"remove-participant", false},
                                                {"set-role", false},
                                                {"lock-meeting", false},
                                                {"set-lobby", false},
                                                {"admit", false},
                                                {"deny", false},
                                                {"admit-all", false},
                                                {"reaction", false},
                                                // docs/signaling.md "Large meetings: the SFU"
                                                {"sfu-publish", false},
                                                {"sfu-unpublish", false},
                                                {"sfu-subscribe", false},
                                                {"sfu-answer", false},
                                                {"sfu-unsubscribe", false},
                                                {"sfu-candidate", false},
                                                {"sfu-layer", false},
                                                // docs/recording.md "Signaling"
                                                {"start-recording", false},
                                                {"stop-recording", false}};
  std::map<std::string, bool> ours;
  for (const auto& e : event_table()) {
    EXPECT_TRUE(ours.emplace(std::string(e.name), e.raw != nullptr).second)
        << "duplicate " << e.name;
    EXPECT_NE(e.fn, nullptr) << e.name;
  }
  EXPECT_EQ(ours, contract);
}

}  // namespace
}  // namespace parley::signaling
