#include <charconv>

#include "api/call.hpp"

namespace parley::api {

std::optional<std::string_view> query_value(std::string_view target, std::string_view name) {
  const auto q = target.find('?');
  if (q == std::string_view::npos) return std::nullopt;
  std::string_view rest = target.substr(q + 1);
  while (!rest.empty()) {
    const auto amp = rest.find('&');
    const std::string_view pair = rest.substr(0, amp);
    const auto eq = pair.find('=');
    if (pair.substr(0, eq) == name)
      return eq == std::string_view::npos ? std::string_view{} : pair.substr(eq + 1);
    if (amp == std::string_view::npos) break;
    rest.remove_prefix(amp + 1);
  }
  return std::nullopt;
}

domain::outcome<std::optional<std::int64_t>> query_integer(const call& c, std::string_view name) {
  auto raw = query_value(c.req.target(), name);
  if (!raw) return std::optional<std::int64_t>{};
  std::int64_t v = 0;
  const char* end = raw->data() + raw->size();
  auto [ptr, ec] = std::from_chars(raw->data(), end, v);
  if (raw->empty() || ec != std::errc{} || ptr != end)
    return domain::failure(domain::errc::invalid_field, std::string(name),
                           std::string(name) + " must be an integer.");
  return std::optional<std::int64_t>(v);
}

}  // namespace parley::api
