#include "signaling/token_bucket.hpp"

#include <algorithm>

namespace parley::signaling {

void token_bucket::refill(clock::time_point now) {
  if (now <= last_) return;  // a clock read out of order never drains the bucket
  const std::chrono::duration<double> dt = now - last_;
  tokens_ = std::min(capacity_, tokens_ + dt.count() * rate_);
  last_ = now;
}

bool token_bucket::try_take(clock::time_point now) {
  if (unlimited()) return true;
  refill(now);
  if (tokens_ < 1) return false;
  tokens_ -= 1;
  return true;
}

double token_bucket::available(clock::time_point now) {
  refill(now);
  return tokens_;
}

}  // namespace parley::signaling
