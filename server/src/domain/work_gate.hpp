// Admission to one lane of blocking work (docs/api.md "Overload"): at most `max_total` jobs
// queued or running, and at most `max_per_key` of them for one key (a user, a token or a
// client address), so one caller cannot fill the lane. Thread-safe.
#pragma once

#include <cstddef>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "domain/errc.hpp"

namespace parley::domain {

class work_gate {
 public:
  /// `max_per_key` 0: no per-key bound.
  work_gate(std::size_t max_total, std::size_t max_per_key)
      : max_total_(max_total), max_per_key_(max_per_key) {}

  /// Admits one job for `key`, or says why not: unavailable when the lane is full,
  /// rate_limited (retry_after 1 s) when `key` already has its share. An admitted job calls
  /// leave(key) once it finished.
  std::optional<failure> enter(const std::string& key);
  void leave(const std::string& key);

  /// Jobs admitted and not yet finished.
  std::size_t size();

 private:
  const std::size_t max_total_;
  const std::size_t max_per_key_;
  std::mutex mutex_;
  std::size_t total_ = 0;
  std::unordered_map<std::string, std::size_t> per_key_;
};

}  // namespace parley::domain
