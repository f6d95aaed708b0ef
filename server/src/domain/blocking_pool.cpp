#include "domain/blocking_pool.hpp"

#include <sys/resource.h>

#include <algorithm>

namespace parley::domain {

blocking_pool::blocking_pool(std::size_t threads, int nice) : work_(ctx_.get_executor()) {
  threads_.reserve(std::max<std::size_t>(1, threads));
  for (std::size_t i = 0; i < std::max<std::size_t>(1, threads); ++i) {
    threads_.emplace_back([this, nice] {
      // Linux: `who` 0 with PRIO_PROCESS names the calling thread, not the whole process.
      if (nice != 0) (void)::setpriority(PRIO_PROCESS, 0, ::getpriority(PRIO_PROCESS, 0) + nice);
      ctx_.run();
    });
  }
}

blocking_pool::~blocking_pool() {
  join();
}

void blocking_pool::join() {
  work_.reset();
  for (auto& t : threads_)
    if (t.joinable()) t.join();
}

}  // namespace parley::domain
