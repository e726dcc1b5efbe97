// sandbox/rlimits.h: per-process resource limits, applied in the program's process before
// execve. They are the fallback where a cgroup controller is missing and a second layer
// where it is not (CPU seconds, file size, open files, no core dumps).
#pragma once

#include <cstdint>
#include <optional>

#include "base/result.h"

namespace cella::sandbox::rlimits {

struct Plan {
  std::optional<uint64_t> cpu_seconds;    // RLIMIT_CPU soft; hard is one second more
  std::optional<uint64_t> file_size;      // RLIMIT_FSIZE
  std::optional<uint64_t> open_files;     // RLIMIT_NOFILE
  std::optional<uint64_t> processes;      // RLIMIT_NPROC (counted per user namespace)
  std::optional<uint64_t> address_space;  // RLIMIT_AS, only when no memory cgroup
};

// Child side.
Status Apply(const Plan& plan);

}  // namespace cella::sandbox::rlimits
