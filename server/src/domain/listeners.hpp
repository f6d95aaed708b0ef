// The set of registered domain_listeners. Holds weak references: a listener that went away is
// skipped and forgotten. Thread-safe: the lock only guards copying the list; callbacks run
// outside it.
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "domain/domain_listener.hpp"

namespace parley::domain {

class listeners {
 public:
  void add(std::weak_ptr<domain_listener> l);
  void session_revoked(const std::string& session_id);
  void meeting_ended(const std::string& meeting_id);

 private:
  std::vector<std::shared_ptr<domain_listener>> live();

  std::mutex mutex_;
  std::vector<std::weak_ptr<domain_listener>> list_;
};

}  // namespace parley::domain
