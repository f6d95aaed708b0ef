// Caps on open HTTP connections, in all and per client address (docs/api.md "Connections"), so
// that no client can hold every descriptor with connections that never send a request. A
// connection holds its slot until it ends, or until it is handed over as a WebSocket: from
// then on it is an Engine.IO session, which --max-sessions and --max-sessions-per-address cap.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/cidr.hpp"
#include "core/net.hpp"

namespace parley::http {

class connection_limits : public std::enable_shared_from_this<connection_limits> {
 public:
  /// Addresses in `exempt` (trusted proxies, which carry many clients' connections) are
  /// counted only in the total.
  connection_limits(std::size_t max_total, std::size_t max_per_address,
                    std::vector<core::cidr> exempt);

  /// A slot for a new connection from `from`, released when the last copy is dropped; null
  /// when a cap is reached. Thread-safe.
  std::shared_ptr<void> admit(const net::ip::address& from);
  /// Connections holding a slot now.
  std::size_t open() const;
  /// Connections refused so far.
  std::uint64_t refused() const;

 private:
  void release(const std::string& address);

  const std::size_t max_total_;
  const std::size_t max_per_address_;
  const std::vector<core::cidr> exempt_;
  mutable std::mutex mutex_;
  std::size_t open_ = 0;
  std::uint64_t refused_ = 0;
  std::unordered_map<std::string, std::size_t> per_address_;  ///< exempt addresses absent
};

}  // namespace parley::http
