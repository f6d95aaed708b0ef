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

}  // namespace parley::domain
