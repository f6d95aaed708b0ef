#include "engineio/sid.hpp"

#include <openssl/rand.h>

#include <array>

#include "engineio/base64.hpp"

namespace parley::engineio {

std::optional<std::string> make_sid() {
  std::array<unsigned char, 15> bytes{};
  if (RAND_bytes(bytes.data(), static_cast<int>(bytes.size())) != 1) return std::nullopt;
  std::string sid;
  base64::encode_append(sid, {reinterpret_cast<const char*>(bytes.data()), bytes.size()});
  for (char& c : sid) {  // 15 bytes encode without padding; make it URL-safe
    if (c == '+') c = '-';
    if (c == '/') c = '_';
  }
  return sid;
}

}  // namespace parley::engineio
