#include "store/connection_pool.hpp"

namespace parley::store {

connection_pool::connection_pool(std::vector<std::unique_ptr<sql_connection>> conns)
    : idle_(std::move(conns)), total_(idle_.size()) {}

connection_pool::lease::~lease() {
  if (c_) pool_->give_back(std::move(c_));
}

connection_pool::lease connection_pool::acquire() {
  std::unique_lock lock(mutex_);
  freed_.wait(lock, [&] { return closed_ || !idle_.empty(); });
  if (closed_) return lease(*this, nullptr);
  auto c = std::move(idle_.back());
  idle_.pop_back();
  return lease(*this, std::move(c));
}

void connection_pool::give_back(std::unique_ptr<sql_connection> c) {
  if (!c->ok()) c->reset();  // outside the lock: reconnecting may take a while
  {
    std::lock_guard lock(mutex_);
    idle_.push_back(std::move(c));
  }
  freed_.notify_all();
}

void connection_pool::close() {
  std::unique_lock lock(mutex_);
  if (closed_) return;
  freed_.wait(lock, [&] { return idle_.size() == total_; });
  closed_ = true;
  if (!idle_.empty()) idle_.front()->flush();
  idle_.clear();
  freed_.notify_all();
}

}  // namespace parley::store
