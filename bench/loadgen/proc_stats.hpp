// What the bench reads about processes: a server's CPU time and RSS from /proc, the
// generator's own CPU time from getrusage, and the descriptor limit it needs raised.
#pragma once

#include <sys/types.h>

#include <cstdint>

namespace parley::bench {

struct proc_sample {
  double cpu_seconds = 0;      // utime + stime, all threads
  std::int64_t rss_bytes = 0;  // VmRSS
  bool ok = false;             // false once the process is gone
};

proc_sample sample_process(pid_t pid);

// User + system CPU seconds this process has used so far.
double self_cpu_seconds();

// Raises RLIMIT_NOFILE (soft and, when privileged, hard) to at least `wanted`; returns the
// soft limit in force afterwards.
std::uint64_t raise_fd_limit(std::uint64_t wanted);

}  // namespace parley::bench
