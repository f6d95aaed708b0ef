#include "store/store.hpp"

namespace parley::store {

namespace {

result<attendance_outcome> record_one(store& db, attendance::kind what, std::string_view meeting_id,
                                      std::string_view user_id, std::int64_t at) {
  const attendance change{what, std::string(meeting_id), std::string(user_id), at};
  return std::move(db.record_attendance(std::span(&change, 1)).front());
}

}  // namespace

result<bool> store::add_participant(std::string_view meeting_id, std::string_view user_id,
                                    std::int64_t at_ms) {
  auto r = record_one(*this, attendance::kind::join, meeting_id, user_id, at_ms);
  if (!r) return result<bool>(boost::system::in_place_error, r.error());
  return r->first_join;
}

result<void> store::mark_left(std::string_view meeting_id, std::string_view user_id,
                              std::int64_t at_ms) {
  auto r = record_one(*this, attendance::kind::leave, meeting_id, user_id, at_ms);
  if (!r) return r.error();
  return {};
}

}  // namespace parley::store
