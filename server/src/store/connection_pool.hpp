// A fixed set of sql_connections shared by the blocking pool's threads. acquire() waits for a
// free connection; the lease gives it back when destroyed (resetting it if it broke).
// Thread-safe.
#pragma once

#include <condition_variable>
#include <memory>
#include <mutex>
#include <vector>

#include "store/sql_connection.hpp"

namespace parley::store {

class connection_pool {
 public:
  explicit connection_pool(std::vector<std::unique_ptr<sql_connection>> conns);

  class lease {
   public:
    lease(connection_pool& p, std::unique_ptr<sql_connection> c) : pool_(&p), c_(std::move(c)) {}
    lease(lease&&) = default;
    ~lease();
    sql_connection* operator->() const { return c_.get(); }
    sql_connection& operator*() const { return *c_; }
    explicit operator bool() const { return c_ != nullptr; }

   private:
    connection_pool* pool_;
    std::unique_ptr<sql_connection> c_;
  };

  /// A free connection, waiting for one if all are leased; an empty lease after close().
  lease acquire();
  /// Flushes and closes every connection once all leases are back. Idempotent.
  void close();

 private:
  void give_back(std::unique_ptr<sql_connection> c);

  std::mutex mutex_;
  std::condition_variable freed_;
  std::vector<std::unique_ptr<sql_connection>> idle_;
  std::size_t total_;
  bool closed_ = false;
};

}  // namespace parley::store
