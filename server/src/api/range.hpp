// The one Range form a media player sends: `bytes=first-last`, `bytes=first-` or
// `bytes=-suffix` (RFC 9110 14.1.2), against a file of `size` bytes (docs/recording.md
// "REST"). Several ranges, other units or a malformed header are ignored: the whole file is
// served, as RFC 9110 allows. Pure.
#pragma once

#include <cstdint>
#include <string_view>

namespace parley::api {

struct byte_range {
  bool partial = false;        ///< a satisfiable range: answer 206 with it
  bool unsatisfiable = false;  ///< a well-formed range outside the file: answer 416
  std::uint64_t first = 0;
  std::uint64_t last = 0;  ///< inclusive, < size
};

byte_range parse_range(std::string_view header, std::uint64_t size);

}  // namespace parley::api
