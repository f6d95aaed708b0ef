#include "socketio/payload.hpp"

#include <boost/json/object.hpp>

namespace parley::socketio {

json::value payload::add_binary(std::string bytes) {
  binary.push_back(std::move(bytes));
  return json::object{{"_placeholder", true}, {"num", binary.size() - 1}};
}

const std::string* payload::binary_of(const json::value& v) const {
  const auto* o = v.if_object();
  if (!o) return nullptr;
  const auto* flag = o->if_contains("_placeholder");
  const auto* num = o->if_contains("num");
  if (!flag || !flag->is_bool() || !flag->get_bool() || !num || !num->is_number()) return nullptr;
  boost::system::error_code ec;
  auto n = num->to_number<std::uint64_t>(ec);
  if (ec || n >= binary.size()) return nullptr;
  return &binary[n];
}

bool payload::is_binary(const json::value& v) const {
  return binary_of(v) != nullptr;
}

}  // namespace parley::socketio
