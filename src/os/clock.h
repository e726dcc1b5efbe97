// os/clock.h: the host's monotonic clock, in nanoseconds. The only place that reads real
// time; deterministic cells use virtual clocks instead. Thread-safe.
#pragma once

#include <cstdint>

namespace cella::os {

// CLOCK_MONOTONIC in nanoseconds.
int64_t MonotonicNanos();

}  // namespace cella::os
