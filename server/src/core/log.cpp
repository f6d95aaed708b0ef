#include "core/log.hpp"

#include <unistd.h>

#include <atomic>
#include <boost/json/serialize.hpp>
#include <cstdlib>
#include <string>

#include "core/clock.hpp"

namespace parley::log {
namespace {

level initial_level() {
  const char* env = std::getenv("PARLEY_LOG_LEVEL");
  std::string_view v = env ? env : "info";
  if (v == "debug") return level::debug;
  if (v == "warn") return level::warn;
  if (v == "error") return level::error;
  return level::info;
}

std::atomic<level> min_level{initial_level()};

const char* name(level l) {
  switch (l) {
    case level::debug:
      return "debug";
    case level::info:
      return "info";
    case level::warn:
      return "warn";
    case level::error:
      return "error";
  }
  return "info";
}

}  // namespace

void set_min_level(level l) {
  min_level.store(l, std::memory_order_relaxed);
}
bool enabled(level l) {
  return l >= min_level.load(std::memory_order_relaxed);
}

void write(level l, std::string_view event, boost::json::object fields) {
  if (!enabled(l)) return;
  boost::json::object line;
  line["ts"] = iso8601(now_ms());
  line["level"] = name(l);
  line["event"] = event;
  for (auto& kv : fields) line[kv.key()] = std::move(kv.value());
  std::string text = boost::json::serialize(line);
  text.push_back('\n');
  // One write per line keeps concurrent lines whole.
  [[maybe_unused]] auto n = ::write(STDERR_FILENO, text.data(), text.size());
}

}  // namespace parley::log
