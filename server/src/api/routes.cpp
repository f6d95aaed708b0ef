#include "api/routes.hpp"

#include "api/resources.hpp"

namespace parley::api {

namespace {

std::vector<std::string_view> split(std::string_view path) {
  std::vector<std::string_view> out;
  while (!path.empty()) {
    const auto slash = path.find('/');
    out.push_back(path.substr(0, slash));
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash + 1);
  }
  return out;
}

route make(bhttp::verb v, std::string_view path, bool token, handler_fn fn) {
  std::vector<std::string> pattern;
  for (auto s : split(path.substr(1))) pattern.emplace_back(s);
  return {v, std::move(pattern), token, fn,
          std::string(bhttp::to_string(v)) + " " + std::string(path)};
}

route costing(work_cost cost, route r) {
  r.cost = cost;
  return r;
}

route token_optional(route r) {
  r.token_optional = true;
  return r;
}

}  // namespace

std::vector<route> route_table() {
  using bhttp::verb;
  namespace r = resources;
  return {
      costing(work_cost::slow, make(verb::post, "/api/users", false, r::create_user)),
      costing(work_cost::slow, make(verb::post, "/api/sessions", false, r::create_session)),
      make(verb::delete_, "/api/sessions", true, r::delete_session),
      make(verb::post, "/api/guests", false, r::create_guest),
      make(verb::get, "/api/me", true, r::me),
      make(verb::patch, "/api/me", true, r::update_me),
      make(verb::delete_, "/api/me", true, r::delete_me),
      costing(work_cost::slow, make(verb::post, "/api/me/password", true, r::change_password)),
      costing(work_cost::slow_if_named, make(verb::post, "/api/meetings", true, r::create_meeting)),
      make(verb::get, "/api/meetings", true, r::list_meetings),
      make(verb::get, "/api/meetings/:id", true, r::get_meeting),
      costing(work_cost::slow_if_named,
              make(verb::post, "/api/meetings/:id/join", true, r::join_meeting)),
      make(verb::post, "/api/meetings/:id/end", true, r::end_meeting),
      make(verb::get, "/api/meetings/:id/messages", true, r::list_messages),
      make(verb::get, "/api/meetings/:id/attendance", true, r::list_attendance),
      make(verb::get, "/api/meetings/:id/recordings", true, r::list_recordings),
      // A Bearer token or a signed link (docs/recording.md "Links to the file").
      token_optional(make(verb::get, "/api/recordings/:id/file", false, r::recording_file)),
      make(verb::delete_, "/api/recordings/:id", true, r::delete_recording),
      make(verb::post, "/api/recordings/:id/retry", true, r::retry_recording),
      make(verb::get, "/api/ice-servers", true, r::ice_servers),
      make(verb::post, "/api/uplink-probe", false, r::uplink_probe),
      make(verb::get, "/healthz", false, r::healthz),
      make(verb::get, "/metrics", false, r::metrics_text),
  };
}

match_result match(const std::vector<route>& routes, bhttp::verb method, std::string_view target) {
  match_result out;
  std::string_view path = target.substr(0, target.find('?'));
  if (!path.starts_with('/')) return out;
  path.remove_prefix(1);
  if (path.ends_with('/')) path.remove_suffix(1);
  const auto segments = split(path);
  for (const auto& r : routes) {
    if (r.pattern.size() != segments.size()) continue;
    std::vector<std::string> params;
    bool ok = true;
    for (std::size_t i = 0; ok && i < segments.size(); ++i) {
      if (r.pattern[i].starts_with(':'))
        params.emplace_back(segments[i]);
      else
        ok = r.pattern[i] == segments[i];
    }
    if (!ok) continue;
    out.path_known = true;
    if (r.method == method) {
      out.found = &r;
      out.params = std::move(params);
      return out;
    }
  }
  return out;
}

}  // namespace parley::api
