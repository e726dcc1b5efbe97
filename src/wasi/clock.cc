// wasi/clock.cc: the host WasiClock over os/host_time, sleeping in os::WaitForFds so a
// timeout can wake it. Not thread-safe.
#include "wasi/clock.h"

#include "os/host_time.h"
#include "wasi/abi.h"

namespace cella::wasi {
namespace {

ErrnoOr<os::HostClock> HostClockFor(uint32_t id) {
  switch (id) {
    case kClockRealtime: return os::HostClock::kRealtime;
    case kClockMonotonic: return os::HostClock::kMonotonic;
    case kClockProcessCputime: return os::HostClock::kProcessCpu;
    case kClockThreadCputime: return os::HostClock::kThreadCpu;
    default: return Errno::kInval;
  }
}

class HostClock final : public WasiClock {
 public:
  ErrnoOr<uint64_t> Now(uint32_t id) override {
    WASI_ASSIGN_OR_RETURN(os::HostClock clock, HostClockFor(id));
    return static_cast<uint64_t>(os::HostClockNow(clock));
  }
  ErrnoOr<uint64_t> Resolution(uint32_t id) override {
    WASI_ASSIGN_OR_RETURN(os::HostClock clock, HostClockFor(id));
    return static_cast<uint64_t>(os::HostClockResolution(clock));
  }
  ErrnoOr<bool> SleepUntil(uint32_t id, uint64_t deadline, const os::Wakeup* wakeup) override {
    if (id != kClockRealtime && id != kClockMonotonic) return Errno::kInval;
    os::HostClock clock = id == kClockRealtime ? os::HostClock::kRealtime : os::HostClock::kMonotonic;
    for (;;) {
      auto now = static_cast<uint64_t>(os::HostClockNow(clock));
      if (now >= deadline) return true;
      uint64_t left = deadline - now;
      int64_t wait = left > static_cast<uint64_t>(INT64_MAX) ? INT64_MAX : static_cast<int64_t>(left);
      os::WaitResult r = os::WaitForFds({}, wait, wakeup);
      if (r == os::WaitResult::kWoken) return false;
      if (r == os::WaitResult::kFailed) return ErrnoFromHost(errno);
    }
  }
  Result<ClockState> Save() const override { return ClockState{}; }
};

}  // namespace

Result<ClockState> WasiClock::Save() const {
  return MakeError(Errc::kUnsupported, "this cell's clock hook cannot be saved (only the host's and the virtual clock)");
}

std::unique_ptr<WasiClock> MakeHostClock() { return std::make_unique<HostClock>(); }

}  // namespace cella::wasi
