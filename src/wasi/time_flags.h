// wasi/time_flags.h: the fstflags of fd_filestat_set_times / path_filestat_set_times as
// utimensat's two timespecs. Thread-safe (pure).
#pragma once

#include <time.h>

#include <cstdint>

#include "wasi/errno.h"

namespace cella::wasi {

// EINVAL for unknown flags or for a time given both as a value and as "now".
Errno TimesFromFlags(uint64_t atim, uint64_t mtim, uint32_t fst_flags, timespec out[2]);

}  // namespace cella::wasi
