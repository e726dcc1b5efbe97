// os/host_time.h: the host's clocks (wall, monotonic, CPU time) and their resolutions, in
// nanoseconds. With os/clock.h, the only place that reads real time; deterministic cells
// use virtual clocks instead. Thread-safe.
#pragma once

#include <cstdint>

namespace cella::os {

enum class HostClock : uint8_t { kRealtime, kMonotonic, kProcessCpu, kThreadCpu };

// Nanoseconds since the clock's epoch (1970 for kRealtime).
int64_t HostClockNow(HostClock clock);
// The clock's resolution in nanoseconds (at least 1).
int64_t HostClockResolution(HostClock clock);

}  // namespace cella::os
