#include "recording/disk_guard.hpp"

#include <sys/statvfs.h>

namespace parley::recording {

std::string stop_reason(const disk_reading& d, std::uint64_t max_bytes) {
  if (max_bytes && d.used >= max_bytes)
    return "The recording stopped: the recordings folder reached its size limit.";
  if (d.known && d.free_bytes < min_free_bytes)
    return "The recording stopped: the server's disk is almost full.";
  return {};
}

disk_reading read_disk(const std::string& dir, std::uint64_t used) {
  disk_reading d;
  d.used = used;
  struct statvfs st {};
  if (::statvfs(dir.c_str(), &st) != 0) {
    d.known = false;
    return d;
  }
  d.free_bytes = static_cast<std::uint64_t>(st.f_bavail) * st.f_frsize;
  return d;
}

}  // namespace parley::recording
