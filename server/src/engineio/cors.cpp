#include "engineio/cors.hpp"

#include <algorithm>

namespace parley::engineio {

cors_policy::cors_policy(std::vector<std::string> origins) : origins_(std::move(origins)) {
  any_ = std::find(origins_.begin(), origins_.end(), "*") != origins_.end();
}

void cors_policy::apply(std::string_view origin, reply& r) const {
  if (any_) {
    r.set_cors("*", false);
  } else if (!origin.empty() &&
             std::find(origins_.begin(), origins_.end(), origin) != origins_.end()) {
    r.set_cors(std::string(origin), true);
  }
}

bool is_valid_header_value(std::string_view v) {
  return std::all_of(v.begin(), v.end(), [](char ch) {
    const auto c = static_cast<unsigned char>(ch);
    return c == '\t' || (c >= 0x20 && c != 0x7f);
  });
}

}  // namespace parley::engineio
