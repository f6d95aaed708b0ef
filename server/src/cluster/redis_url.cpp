#include "cluster/redis_url.hpp"

#include <hiredis/hiredis.h>

#include <charconv>
#include <memory>

namespace parley::cluster {
namespace {

bool to_int(std::string_view s, int& out, int lo, int hi) {
  if (s.empty()) return false;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc{} && end == s.data() + s.size() && out >= lo && out <= hi;
}

struct context_free {
  void operator()(redisContext* c) const { redisFree(c); }
};
struct reply_free {
  void operator()(redisReply* r) const { freeReplyObject(r); }
};

}  // namespace

std::optional<redis_url> parse_redis_url(const std::string& url) {
  constexpr std::string_view scheme = "redis://";
  if (!url.starts_with(scheme)) return std::nullopt;
  std::string_view rest(url);
  rest.remove_prefix(scheme.size());
  redis_url out;
  if (auto slash = rest.find('/'); slash != std::string_view::npos) {
    if (!to_int(rest.substr(slash + 1), out.db, 0, 15)) return std::nullopt;
    rest = rest.substr(0, slash);
  }
  if (auto colon = rest.rfind(':'); colon != std::string_view::npos) {
    if (!to_int(rest.substr(colon + 1), out.port, 1, 65535)) return std::nullopt;
    rest = rest.substr(0, colon);
  }
  if (rest.empty() || rest.find_first_of("@?#") != std::string_view::npos) return std::nullopt;
  out.host = std::string(rest);
  return out;
}

std::string probe(const redis_url& url, int timeout_ms) {
  timeval tv{timeout_ms / 1000, (timeout_ms % 1000) * 1000};
  std::unique_ptr<redisContext, context_free> c(
      redisConnectWithTimeout(url.host.c_str(), url.port, tv));
  const std::string where = url.host + ":" + std::to_string(url.port);
  if (!c) return "cannot reach Redis at " + where + ": out of memory";
  if (c->err) return "cannot reach Redis at " + where + ": " + c->errstr;
  redisSetTimeout(c.get(), tv);
  std::unique_ptr<redisReply, reply_free> r(
      static_cast<redisReply*>(redisCommand(c.get(), "SELECT %d", url.db)));
  if (!r) return "cannot reach Redis at " + where + ": " + c->errstr;
  if (r->type == REDIS_REPLY_ERROR)
    return "Redis at " + where + " refused SELECT " + std::to_string(url.db) + ": " + r->str;
  return {};
}

}  // namespace parley::cluster
