#pragma once

#include <sys/types.h>

#include <cstdint>
#include <optional>

namespace newsflow::bench {

/// Memory and CPU of a process as /proc reports them (Linux only).
struct ProcStats {
  int64_t vm_hwm_kb = 0;   // peak resident set size
  int64_t vm_rss_kb = 0;   // current resident set size
  double cpu_seconds = 0;  // user + system time of all its threads
};

/// Reads /proc/<pid>/status and /proc/<pid>/stat; nullopt when the process is gone.
std::optional<ProcStats> ReadProcStats(pid_t pid);

/// User + system CPU seconds of the calling process.
double SelfCpuSeconds();

}  // namespace newsflow::bench
