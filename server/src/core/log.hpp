// Structured logging: one JSON object per line on stderr.
//
//   log::info("meeting_joined", {{"meetingId", id}, {"userId", uid}});
//   -> {"ts":"2026-11-25T21:26:49.123Z","level":"info","event":"meeting_joined",...}
//
// Thread-safe: each line is formatted first, then written with one write(2).
#pragma once

#include <boost/json/object.hpp>
#include <string_view>

namespace parley::log {

enum class level { debug, info, warn, error };

/// Lines below this level are dropped. Default info; PARLEY_LOG_LEVEL=debug|info|warn|error.
void set_min_level(level l);
bool enabled(level l);

void write(level l, std::string_view event, boost::json::object fields = {});
inline void debug(std::string_view e, boost::json::object f = {}) {
  write(level::debug, e, std::move(f));
}
inline void info(std::string_view e, boost::json::object f = {}) {
  write(level::info, e, std::move(f));
}
inline void warn(std::string_view e, boost::json::object f = {}) {
  write(level::warn, e, std::move(f));
}
inline void error(std::string_view e, boost::json::object f = {}) {
  write(level::error, e, std::move(f));
}

}  // namespace parley::log
