#include "engineio/query.hpp"

namespace parley::engineio {
namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string percent_decode(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size()) {
      const int hi = hex_value(s[i + 1]), lo = hex_value(s[i + 2]);
      if (hi >= 0 && lo >= 0) {
        out.push_back(static_cast<char>(hi * 16 + lo));
        i += 2;
        continue;
      }
    }
    out.push_back(s[i] == '+' ? ' ' : s[i]);
  }
  return out;
}

}  // namespace

query parse_query(std::string_view target) {
  query q;
  const auto qmark = target.find('?');
  if (qmark == std::string_view::npos) return q;
  std::string_view rest = target.substr(qmark + 1);
  if (const auto hash = rest.find('#'); hash != std::string_view::npos) rest = rest.substr(0, hash);
  q.raw = std::string(rest);
  bool seen_eio = false, seen_transport = false, seen_sid = false;
  while (!rest.empty()) {
    const auto amp = rest.find('&');
    const std::string_view pair = rest.substr(0, amp);
    rest = amp == std::string_view::npos ? std::string_view{} : rest.substr(amp + 1);
    const auto eq = pair.find('=');
    const std::string_view key = pair.substr(0, eq);
    const std::string_view value =
        eq == std::string_view::npos ? std::string_view{} : pair.substr(eq + 1);
    auto take = [&](bool& seen, std::string& field) {
      if (!seen) field = percent_decode(value);
      seen = true;
    };
    if (key == "EIO")
      take(seen_eio, q.eio);
    else if (key == "transport")
      take(seen_transport, q.transport);
    else if (key == "sid")
      take(seen_sid, q.sid);
  }
  return q;
}

}  // namespace parley::engineio
