// POST/GET /api/meetings, GET /api/meetings/:id, POST .../join, POST .../end.
#include <boost/json/array.hpp>

#include "api/resources.hpp"
#include "core/clock.hpp"
#include "domain/records.hpp"
#include "domain/views.hpp"

namespace parley::api::resources {

namespace {

reply meeting_reply(bhttp::status s, const domain::meeting& m) {
  return json_reply(s, {{"meeting", domain::meeting_json(m)}});
}

}  // namespace

result create_meeting(const call& c) {
  auto body = body_object(c, true);
  if (!body) return body.error();
  auto title = optional_string(*body, "title");
  if (!title) return title.error();
  auto password = optional_string(*body, "password");
  if (!password) return password.error();
  auto lobby = optional_bool(*body, "lobby");
  if (!lobby) return lobby.error();
  auto m = c.svc.meeting_service().create(c.who->user.id, *title, *password, *lobby);
  if (!m) return m.error();
  return meeting_reply(bhttp::status::created, *m);
}

result list_meetings(const call& c) {
  auto list = c.svc.meeting_service().list_for(c.who->user.id);
  if (!list) return list.error();
  boost::json::array out;
  for (const auto& m : *list) out.emplace_back(domain::meeting_json(m));
  return json_reply(bhttp::status::ok, {{"meetings", std::move(out)}});
}

result get_meeting(const call& c) {
  auto m = c.svc.meeting_service().get(c.params.at(0));
  if (!m) return m.error();
  // docs/recording.md "Signaling": pre-join tells whether the meeting records before joining.
  auto on = c.svc.recording_service().active_in(m->meeting_id);
  if (!on) return on.error();
  auto o = domain::meeting_json(*m);
  o["recording"] =
      boost::json::object{{"active", on->has_value()},
                          {"startedAt", *on ? boost::json::value(iso8601((*on)->started_at))
                                            : boost::json::value(nullptr)}};
  return json_reply(bhttp::status::ok, {{"meeting", std::move(o)}});
}

result join_meeting(const call& c) {
  auto body = body_object(c, true);
  if (!body) return body.error();
  auto password = optional_string(*body, "password");
  if (!password) return password.error();
  auto m = c.svc.meeting_service().join(c.who->user.id, c.params.at(0), *password);
  if (!m) return m.error();
  return meeting_reply(bhttp::status::ok, *m);
}

result end_meeting(const call& c) {
  auto m = c.svc.meeting_service().end(c.who->user.id, c.params.at(0));
  if (!m) return m.error();
  return meeting_reply(bhttp::status::ok, *m);
}

}  // namespace parley::api::resources
