#include "http/connection_limits.hpp"

namespace parley::http {

connection_limits::connection_limits(std::size_t max_total, std::size_t max_per_address,
                                     std::vector<core::cidr> exempt)
    : max_total_(max_total), max_per_address_(max_per_address), exempt_(std::move(exempt)) {}

std::shared_ptr<void> connection_limits::admit(const net::ip::address& from) {
  const bool counted = !core::contains_any(exempt_, from);
  std::string key = counted ? from.to_string() : std::string();
  {
    std::lock_guard lock(mutex_);
    const auto it = counted ? per_address_.find(key) : per_address_.end();
    if ((it != per_address_.end() && it->second >= max_per_address_) || open_ >= max_total_) {
      ++refused_;
      return nullptr;
    }
    ++open_;
    if (counted) ++per_address_[key];
  }
  // The slot points at this object (never null) and its deleter gives the place back.
  return std::shared_ptr<void>(
      static_cast<void*>(this),
      [self = shared_from_this(), key = std::move(key)](void*) { self->release(key); });
}

void connection_limits::release(const std::string& address) {
  std::lock_guard lock(mutex_);
  --open_;
  if (address.empty()) return;
  auto it = per_address_.find(address);
  if (it != per_address_.end() && --it->second == 0) per_address_.erase(it);
}

std::size_t connection_limits::open() const {
  std::lock_guard lock(mutex_);
  return open_;
}

std::uint64_t connection_limits::refused() const {
  std::lock_guard lock(mutex_);
  return refused_;
}

}  // namespace parley::http
