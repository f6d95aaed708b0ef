#include "api/range.hpp"

#include <charconv>

namespace parley::api {

namespace {

bool number(std::string_view s, std::uint64_t& out) {
  if (s.empty()) return false;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc{} && p == s.data() + s.size();
}

}  // namespace

byte_range parse_range(std::string_view h, std::uint64_t size) {
  constexpr std::string_view unit = "bytes=";
  if (!h.starts_with(unit)) return {};
  h.remove_prefix(unit.size());
  if (h.find(',') != std::string_view::npos) return {};
  const auto dash = h.find('-');
  if (dash == std::string_view::npos) return {};
  const auto a = h.substr(0, dash);
  const auto b = h.substr(dash + 1);
  std::uint64_t first = 0;
  std::uint64_t last = 0;
  if (a.empty()) {  // the last `b` bytes
    if (!number(b, last)) return {};
    if (last == 0 || size == 0) return {false, true};
    return {true, false, last >= size ? 0 : size - last, size - 1};
  }
  if (!number(a, first)) return {};
  if (b.empty()) {
    last = size ? size - 1 : 0;
  } else {
    if (!number(b, last) || last < first) return {};
    if (last >= size) last = size ? size - 1 : 0;
  }
  if (first >= size) return {false, true};
  return {true, false, first, last};
}

}  // namespace parley::api
