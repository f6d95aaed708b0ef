// A bounded map that forgets its least recently used entry when full. Thread-safe: one mutex,
// held only for the map operation (values are copied out, never referenced).
#pragma once

#include <cstddef>
#include <list>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>

namespace parley::core {

template <class V>
class lru_cache {
 public:
  explicit lru_cache(std::size_t capacity) : capacity_(capacity) {}

  /// A copy of the value under `key` (which becomes the most recently used), or none.
  std::optional<V> find(const std::string& key) {
    std::lock_guard lock(mutex_);
    auto it = index_.find(key);
    if (it == index_.end()) return std::nullopt;
    order_.splice(order_.begin(), order_, it->second);
    return it->second->second;
  }

  /// Inserts or replaces; evicts the least recently used entry beyond the capacity.
  void put(const std::string& key, V value) {
    if (capacity_ == 0) return;
    std::lock_guard lock(mutex_);
    if (auto it = index_.find(key); it != index_.end()) {
      it->second->second = std::move(value);
      order_.splice(order_.begin(), order_, it->second);
      return;
    }
    order_.emplace_front(key, std::move(value));
    index_.emplace(key, order_.begin());
    if (index_.size() > capacity_) {
      index_.erase(order_.back().first);
      order_.pop_back();
    }
  }

  void erase(const std::string& key) {
    std::lock_guard lock(mutex_);
    if (auto it = index_.find(key); it != index_.end()) {
      order_.erase(it->second);
      index_.erase(it);
    }
  }

 private:
  using entry = std::pair<std::string, V>;

  std::size_t capacity_;
  std::mutex mutex_;
  std::list<entry> order_;  // most recently used first
  std::unordered_map<std::string, typename std::list<entry>::iterator> index_;
};

}  // namespace parley::core
