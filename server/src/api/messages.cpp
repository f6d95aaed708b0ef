// GET /api/meetings/:id/messages[?before=<id>&limit=N].
#include <boost/json/array.hpp>

#include "api/resources.hpp"
#include "domain/views.hpp"

namespace parley::api::resources {

result list_messages(const call& c) {
  auto before = query_integer(c, "before");
  if (!before) return before.error();
  auto limit = query_integer(c, "limit");
  if (!limit) return limit.error();
  auto list = c.svc.meeting_service().messages(c.who->user.id, c.params.at(0), *before, *limit);
  if (!list) return list.error();
  boost::json::array out;
  for (const auto& m : *list) out.emplace_back(domain::message_json(m));
  return json_reply(bhttp::status::ok, {{"messages", std::move(out)}});
}

}  // namespace parley::api::resources
