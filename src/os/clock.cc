// os/clock.cc: MonotonicNanos over clock_gettime(CLOCK_MONOTONIC). Thread-safe.
#include "os/clock.h"

#include <time.h>

namespace cella::os {

int64_t MonotonicNanos() {
  timespec ts{};
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<int64_t>(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

}  // namespace cella::os
