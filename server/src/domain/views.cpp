#include "domain/views.hpp"

#include <boost/json/array.hpp>

#include "core/clock.hpp"

namespace parley::domain {

boost::json::object user_json(const store::user_record& u) {
  boost::json::object o{{"id", u.id}, {"username", u.username}};
  if (u.email) o["email"] = *u.email;
  o["guest"] = u.guest;
  o["createdAt"] = iso8601(u.created_at);
  return o;
}

boost::json::object meeting_json(const store::meeting_record& m) {
  boost::json::array participants;
  for (const auto& p : m.participants) participants.emplace_back(p.user_id);
  boost::json::object o{{"meetingId", m.meeting_id},
                        {"title", m.title},
                        {"hostId", m.host_id},
                        {"participants", std::move(participants)},
                        {"status", m.active() ? "active" : "ended"},
                        {"hasPassword", m.has_password()},
                        {"createdAt", iso8601(m.created_at)}};
  if (m.ended_at)
    o["endedAt"] = iso8601(*m.ended_at);
  else
    o["endedAt"] = nullptr;
  return o;
}

boost::json::object message_json(const store::message_record& m) {
  return {{"id", m.id},
          {"userId", m.user_id},
          {"username", m.username},
          {"text", m.text},
          {"sentAt", iso8601(m.sent_at)}};
}

boost::json::object stay_json(const store::stay_record& s) {
  boost::json::object o{
      {"userId", s.user_id}, {"username", s.username}, {"joinedAt", iso8601(s.joined_at)}};
  if (s.left_at)
    o["leftAt"] = iso8601(*s.left_at);
  else
    o["leftAt"] = nullptr;
  return o;
}

boost::json::object recording_json(const store::recording_record& r) {
  boost::json::object o{
      {"id", r.id},         {"meetingId", r.meeting_id}, {"startedAt", iso8601(r.started_at)},
      {"endedAt", nullptr}, {"status", r.status},        {"durationMs", r.duration_ms},
      {"bytes", r.bytes}};
  if (r.ended_at) o["endedAt"] = iso8601(*r.ended_at);
  if (r.status == "failed") o["failure"] = r.failure;
  return o;
}

}  // namespace parley::domain
