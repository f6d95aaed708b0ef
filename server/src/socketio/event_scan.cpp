#include "socketio/event_scan.hpp"

#include <cstring>

namespace parley::socketio {

namespace {

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

// Past the closing quote of the string whose opening quote is at `at`.
std::size_t skip_string(std::string_view s, std::size_t at) {
  std::size_t i = at + 1;
  for (;;) {
    const void* q = std::memchr(s.data() + i, '"', s.size() - i);
    if (!q) return s.size();  // unreachable for scanned text
    std::size_t end = static_cast<const char*>(q) - s.data();
    std::size_t slashes = 0;
    while (end - slashes > at + 1 && s[end - slashes - 1] == '\\') ++slashes;
    if (slashes % 2 == 0) return end + 1;
    i = end + 1;
  }
}

}  // namespace

std::size_t skip_to_value(std::string_view s, std::size_t at) {
  while (at < s.size() && is_space(s[at])) ++at;
  if (at < s.size() && s[at] == ':') ++at;
  while (at < s.size() && is_space(s[at])) ++at;
  return at;
}

std::size_t value_end_before(std::string_view s, std::size_t key) {
  while (is_space(s[key - 1])) --key;
  --key;  // the comma
  while (is_space(s[key - 1])) --key;
  return key;
}

std::size_t skip_value(std::string_view s, std::size_t at) {
  std::size_t depth = 0;
  std::size_t i = at;
  while (i < s.size()) {
    const char c = s[i];
    if (c == '"') {
      i = skip_string(s, i);
      if (depth == 0) return i;
      continue;
    }
    if (c == '{' || c == '[') {
      ++depth;
    } else if (c == '}' || c == ']') {
      if (depth == 0) return i;  // a scalar ended by its container
      if (--depth == 0) return i + 1;
    } else if (depth == 0 && (c == ',' || is_space(c))) {
      return i;  // a scalar ended
    }
    ++i;
  }
  return i;
}

std::optional<std::string_view> peek_event_name(std::string_view json) {
  if (json.size() < 3 || json[0] != '[' || json[1] != '"') return std::nullopt;
  const void* q = std::memchr(json.data() + 2, '"', json.size() - 2);
  if (!q) return std::nullopt;
  const std::string_view name(json.data() + 2, static_cast<const char*>(q) - json.data() - 2);
  if (name.find('\\') != std::string_view::npos) return std::nullopt;
  return name;
}

scanned validate(std::string_view json) {
  scan_visitor none;
  return scan(json, none);
}

}  // namespace parley::socketio
