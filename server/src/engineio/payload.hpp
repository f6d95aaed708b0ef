// Long-polling payloads: packets joined by the record separator 0x1E.
//
//   "4hello\x1e2\x1ebAQIDBA=="  ->  message "hello", ping, binary message {1,2,3,4}
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engineio/packet.hpp"

namespace parley::engineio {

inline constexpr char record_separator = '\x1e';

/// Reads the packets of one POST body in order. A malformed record ends the reading with
/// failed() true; the packets before it were valid (the reference server delivers them too).
class payload_reader {
 public:
  explicit payload_reader(std::string_view body) : rest_(body) {}

  /// The next packet, or nullopt at the end or on the first malformed record. A binary
  /// packet's data lives in this reader and is valid until the next call.
  std::optional<packet> next();
  bool failed() const { return failed_; }

 private:
  std::string_view rest_;
  std::string scratch_;
  bool done_ = false;
  bool failed_ = false;
};

/// Encodes `packets` as one payload (what a long-polling GET answers).
std::string encode_payload(const std::vector<out_packet>& packets);

}  // namespace parley::engineio
