// GET /api/meetings/:id/attendance.
#include <boost/json/array.hpp>

#include "api/resources.hpp"
#include "domain/views.hpp"

namespace parley::api::resources {

result list_attendance(const call& c) {
  auto stays = c.svc.meeting_service().attendance(c.who->user.id, c.params.at(0));
  if (!stays) return stays.error();
  boost::json::array out;
  for (const auto& s : *stays) out.emplace_back(domain::stay_json(s));
  return json_reply(bhttp::status::ok, {{"attendance", std::move(out)}});
}

}  // namespace parley::api::resources
