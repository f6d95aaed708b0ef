// Wall-clock timestamps in the contract's format: ISO 8601 UTC with milliseconds.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

namespace parley {

using sys_ms = std::chrono::time_point<std::chrono::system_clock, std::chrono::milliseconds>;

inline sys_ms now_ms() {
  return std::chrono::time_point_cast<std::chrono::milliseconds>(std::chrono::system_clock::now());
}

/// Milliseconds since the Unix epoch, as the store keeps timestamps.
inline std::int64_t now_unix_ms() {
  return now_ms().time_since_epoch().count();
}

/// "2026-11-25T21:26:49.123Z"
std::string iso8601(sys_ms t);
inline std::string iso8601(std::int64_t unix_ms) {
  return iso8601(sys_ms{std::chrono::milliseconds{unix_ms}});
}

}  // namespace parley
