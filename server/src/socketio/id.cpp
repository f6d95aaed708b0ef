#include "socketio/id.hpp"

#include <openssl/rand.h>

#include <array>
#include <cstdlib>

namespace parley::socketio {

std::string random_id() {
  static constexpr char alphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::array<unsigned char, 15> bytes{};
  if (RAND_bytes(bytes.data(), static_cast<int>(bytes.size())) != 1)
    std::abort();  // no entropy: unsafe to go on
  std::string out;
  out.reserve(20);
  for (std::size_t i = 0; i < bytes.size(); i += 3) {
    unsigned v = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
    for (int shift = 18; shift >= 0; shift -= 6) out += alphabet[(v >> shift) & 63];
  }
  return out;
}

}  // namespace parley::socketio
