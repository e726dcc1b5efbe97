// wasi/clock.h: WasiClock, the only way WASI reads or waits on time (clock_time_get,
// clock_res_get, poll_oneoff). The host clock reads os/host_time; deterministic mode plugs
// in a virtual clock that advances with fuel and never sleeps, without touching the
// functions that use it. Not thread-safe, except that a Wakeup may be signalled from
// another thread to cut SleepUntil short.
#pragma once

#include <cstdint>
#include <memory>

#include "base/result.h"
#include "os/wakeup.h"
#include "wasi/errno.h"
#include "wasi/wasi_state.h"

namespace cella::wasi {

class WasiClock {
 public:
  virtual ~WasiClock() = default;
  // Nanoseconds on WASI clock `id` (realtime, monotonic, process or thread CPU time);
  // EINVAL for an unknown id.
  virtual ErrnoOr<uint64_t> Now(uint32_t id) = 0;
  virtual ErrnoOr<uint64_t> Resolution(uint32_t id) = 0;
  // Waits until clock `id` reads at least `deadline`, or `wakeup` is signalled (false).
  // Only realtime and monotonic can be waited on (EINVAL otherwise, before waiting).
  virtual ErrnoOr<bool> SleepUntil(uint32_t id, uint64_t deadline, const os::Wakeup* wakeup) = 0;
  // The cell's total fuel consumed (WasiOptions::fuel_consumed_before + the calling
  // store's fuel_consumed()), given before every WASI call: the virtual clock's time
  // base; the host clock ignores it.
  virtual void ObserveFuel(uint64_t /*fuel_consumed*/) {}
  // The clock's state for WasiCtx::Capture; kUnsupported for a clock that cannot say.
  virtual Result<ClockState> Save() const;
};

// The host's clocks.
std::unique_ptr<WasiClock> MakeHostClock();

}  // namespace cella::wasi
