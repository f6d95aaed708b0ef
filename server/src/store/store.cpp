#include "store/store.hpp"

namespace parley::store {

result<attendance_outcome> store::record(const attendance& change) {
  return std::move(record_attendance(std::span(&change, 1)).front());
}

result<bool> store::add_participant(std::string_view meeting_id, std::string_view user_id,
                                    std::int64_t at_ms) {
  auto r = record({attendance::kind::join, std::string(meeting_id), std::string(user_id), at_ms});
  if (!r) return result<bool>(boost::system::in_place_error, r.error());
  return r->first_join;
}

result<void> store::mark_left(std::string_view meeting_id, std::string_view user_id,
                              std::int64_t at_ms) {
  auto r = record({attendance::kind::leave, std::string(meeting_id), std::string(user_id), at_ms});
  if (!r) return r.error();
  return {};
}

}  // namespace parley::store
