// parse_range (docs/recording.md "REST"): the Range forms a media player sends, table-driven.
#include "api/range.hpp"

#include <gtest/gtest.h>

namespace parley::api {
namespace {

TEST(range, reads_the_single_byte_range_forms) {
  struct c {
    const char* header;
    std::uint64_t size;
    bool partial, unsatisfiable;
    std::uint64_t first, last;
  };
  const c cases[] = {
      {"", 100, false, false, 0, 0},                             // no header: the whole file
      {"bytes=0-", 100, true, false, 0, 99},                     // a player's first request
      {"bytes=10-19", 100, true, false, 10, 19},                 // a seek
      {"bytes=90-200", 100, true, false, 90, 99},                // past the end: clipped
      {"bytes=-10", 100, true, false, 90, 99},                   // the last 10 bytes
      {"bytes=-500", 100, true, false, 0, 99},                   // a suffix longer than the file
      {"bytes=100-", 100, false, true, 0, 0},                    // starts past the end: 416
      {"bytes=-0", 100, false, true, 0, 0},                      // an empty suffix: 416
      {"bytes=5-4", 100, false, false, 0, 0},                    // malformed: ignored
      {"bytes=0-1,5-6", 100, false, false, 0, 0},                // several ranges: ignored
      {"items=0-1", 100, false, false, 0, 0},                    // another unit: ignored
      {"bytes=x-1", 100, false, false, 0, 0},                    // not a number: ignored
      {"bytes=18446744073709551616-", 100, false, false, 0, 0},  // overflow: ignored
  };
  for (const auto& k : cases) {
    auto r = parse_range(k.header, k.size);
    EXPECT_EQ(r.partial, k.partial) << k.header;
    EXPECT_EQ(r.unsatisfiable, k.unsatisfiable) << k.header;
    if (r.partial) {
      EXPECT_EQ(r.first, k.first) << k.header;
      EXPECT_EQ(r.last, k.last) << k.header;
    }
  }
}

}  // namespace
}  // namespace parley::api
