#include "domain/work_gate.hpp"

namespace parley::domain {

std::optional<failure> work_gate::enter(const std::string& key) {
  std::lock_guard lock(mutex_);
  if (total_ >= max_total_) return failure(errc::unavailable);
  if (max_per_key_ > 0) {
    auto& n = per_key_[key];
    if (n >= max_per_key_) {
      failure f(errc::rate_limited, {}, "Too many slow requests at once; try again shortly.");
      f.retry_after = std::chrono::seconds{1};
      return f;
    }
    ++n;
  }
  ++total_;
  return std::nullopt;
}

void work_gate::leave(const std::string& key) {
  std::lock_guard lock(mutex_);
  --total_;
  if (max_per_key_ == 0) return;
  auto it = per_key_.find(key);
  if (it != per_key_.end() && --it->second == 0) per_key_.erase(it);
}

std::size_t work_gate::size() {
  std::lock_guard lock(mutex_);
  return total_;
}

}  // namespace parley::domain
