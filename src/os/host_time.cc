// os/host_time.cc: HostClock over clock_gettime / clock_getres. Thread-safe.
#include "os/host_time.h"

#include <time.h>

namespace cella::os {
namespace {

clockid_t ClockId(HostClock clock) {
  switch (clock) {
    case HostClock::kRealtime: return CLOCK_REALTIME;
    case HostClock::kMonotonic: return CLOCK_MONOTONIC;
    case HostClock::kProcessCpu: return CLOCK_PROCESS_CPUTIME_ID;
    case HostClock::kThreadCpu: return CLOCK_THREAD_CPUTIME_ID;
  }
  return CLOCK_MONOTONIC;
}

int64_t Nanos(const timespec& ts) { return static_cast<int64_t>(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec; }

}  // namespace

int64_t HostClockNow(HostClock clock) {
  timespec ts{};
  clock_gettime(ClockId(clock), &ts);
  return Nanos(ts);
}

int64_t HostClockResolution(HostClock clock) {
  timespec ts{};
  if (clock_getres(ClockId(clock), &ts) != 0) return 1;
  int64_t nanos = Nanos(ts);
  return nanos > 0 ? nanos : 1;
}

}  // namespace cella::os
