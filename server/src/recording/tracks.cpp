#include "recording/tracks.hpp"

#include <algorithm>
#include <boost/json/parse.hpp>
#include <filesystem>
#include <fstream>
#include <tuple>

namespace parley::recording {

namespace fs = std::filesystem;
namespace json = boost::json;

std::optional<mjr_header> parse_mjr_header(std::string_view bytes) {
  constexpr std::string_view magic = "MJR00002";
  if (bytes.size() < magic.size() + 2 || bytes.substr(0, magic.size()) != magic) return {};
  const auto hi = static_cast<unsigned char>(bytes[8]);
  const auto lo = static_cast<unsigned char>(bytes[9]);
  const std::size_t len = (std::size_t{hi} << 8) | lo;
  if (bytes.size() < 10 + len) return {};
  boost::system::error_code ec;
  json::value v = json::parse(bytes.substr(10, len), ec);
  if (ec || !v.is_object()) return {};
  const json::object& o = v.get_object();
  mjr_header h;
  if (auto* t = o.if_contains("t"); t && t->is_string() && !t->get_string().empty())
    h.media = t->get_string()[0];
  if (auto* c = o.if_contains("c"); c && c->is_string()) h.codec = std::string(c->get_string());
  if (auto* s = o.if_contains("s"); s && s->is_int64()) h.created_us = s->get_int64();
  if (auto* u = o.if_contains("u"); u && u->is_int64()) h.first_us = u->get_int64();
  if (h.media == 0 || h.codec.empty()) return {};
  return h;
}

std::string track_base(std::string_view kind, std::string_view user_id, std::string_view feed) {
  return std::string(kind) + "-" + std::string(user_id) + "-" + std::string(feed);
}

std::optional<track> parse_track_name(std::string_view name) {
  if (name.size() < 4 || name.substr(name.size() - 4) != ".mjr") return {};
  const auto a = name.find('-');
  if (a == std::string_view::npos) return {};
  const auto b = name.find('-', a + 1);
  if (b == std::string_view::npos) return {};
  const auto c = name.find('-', b + 1);
  if (c == std::string_view::npos) return {};
  track t;
  t.kind = std::string(name.substr(0, a));
  if (t.kind != "camera" && t.kind != "screen") return {};
  t.user_id = std::string(name.substr(a + 1, b - a - 1));
  const auto feed = name.substr(b + 1, c - b - 1);
  if (t.user_id.empty() || feed.empty()) return {};
  t.base = std::string(name.substr(0, c));
  return t;
}

std::vector<track> scan_tracks(const std::string& dir) {
  std::vector<track> out;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec)) {
    if (!e.is_regular_file(ec)) continue;
    auto t = parse_track_name(e.path().filename().string());
    if (!t) continue;
    std::ifstream in(e.path(), std::ios::binary);
    std::string head(4096, '\0');
    in.read(head.data(), static_cast<std::streamsize>(head.size()));
    head.resize(static_cast<std::size_t>(in.gcount()));
    auto h = parse_mjr_header(head);
    if (!h || (h->media != 'a' && h->media != 'v')) continue;
    t->path = e.path().string();
    t->header = *h;
    out.push_back(std::move(*t));
  }
  std::sort(out.begin(), out.end(), [](const track& x, const track& y) {
    return std::tie(x.base, x.path) < std::tie(y.base, y.path);
  });
  return out;
}

}  // namespace parley::recording
