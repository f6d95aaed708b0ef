// Whether a running recording must stop for lack of space (docs/recording.md "Disk space"):
// the recordings folder at --recordings-max-bytes, or its filesystem almost full. The room
// reads the disk every few seconds on the blocking pool (read_disk) and decides with the pure
// stop_reason.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

namespace parley::recording {

/// How often a recording room reads the disk.
inline constexpr std::chrono::seconds disk_check_interval{2};
/// Free space a recording always leaves on the filesystem: room for the processing's output
/// of what was recorded, and for everything else on the disk.
inline constexpr std::uint64_t min_free_bytes = 64ull << 20;

struct disk_reading {
  std::uint64_t used = 0;        ///< bytes under the recordings folder
  std::uint64_t free_bytes = 0;  ///< available to the server on its filesystem
  bool known = true;             ///< false: the filesystem could not be read (statvfs failed)
};

/// Why the recording stops now, in plain words for the host; "" while it may go on.
std::string stop_reason(const disk_reading& d, std::uint64_t max_bytes);

/// Reads `used` (pass the folder's usage, worker::usage()) and the free space of `dir`'s
/// filesystem. Blocking.
disk_reading read_disk(const std::string& dir, std::uint64_t used);

}  // namespace parley::recording
