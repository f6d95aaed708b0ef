#include <boost/json/parse.hpp>

#include "api/call.hpp"

namespace parley::api {

domain::outcome<boost::json::object> body_object(const call& c, bool empty_ok) {
  const std::string& body = c.req.body();
  if (empty_ok && body.find_first_not_of(" \t\r\n") == std::string::npos)
    return boost::json::object{};
  boost::json::error_code ec;
  boost::json::parse_options opts;
  opts.max_depth = 16;  // our bodies are flat; deep nesting is only ever an attack
  auto v = boost::json::parse(body, ec, {}, opts);
  if (ec || !v.is_object()) return domain::errc::invalid_json;
  return std::move(v.as_object());
}

domain::outcome<std::string_view> required_string(const boost::json::object& o,
                                                  std::string_view name) {
  auto* v = o.if_contains(name);
  if (!v || !v->is_string())
    return domain::failure(domain::errc::invalid_field, std::string(name),
                           std::string(name) + " is required and must be a string.");
  return std::string_view(v->as_string());
}

domain::outcome<std::optional<std::string_view>> optional_string(const boost::json::object& o,
                                                                 std::string_view name) {
  auto* v = o.if_contains(name);
  if (!v || v->is_null()) return std::optional<std::string_view>{};
  if (!v->is_string())
    return domain::failure(domain::errc::invalid_field, std::string(name),
                           std::string(name) + " must be a string.");
  return std::optional<std::string_view>(std::string_view(v->as_string()));
}

domain::outcome<bool> optional_bool(const boost::json::object& o, std::string_view name) {
  auto* v = o.if_contains(name);
  if (!v || v->is_null()) return false;
  if (!v->is_bool())
    return domain::failure(domain::errc::invalid_field, std::string(name),
                           std::string(name) + " must be true or false.");
  return v->get_bool();
}

}  // namespace parley::api
