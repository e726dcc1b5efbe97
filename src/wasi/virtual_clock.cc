// wasi/virtual_clock.cc: deterministic mode's clock. Time is fuel: every clock reads the
// calling store's fuel consumed (kVirtualNsPerFuel ns per unit), realtime and monotonic
// add what poll_oneoff has slept, realtime adds the epoch. Sleeping advances the slept
// total and returns at once. Not thread-safe.
#include "wasi/abi.h"
#include "wasi/deterministic.h"

namespace cella::wasi {
namespace {

uint64_t SaturatingAdd(uint64_t a, uint64_t b) { return a > UINT64_MAX - b ? UINT64_MAX : a + b; }

uint64_t SaturatingMul(uint64_t a, uint64_t b) { return b != 0 && a > UINT64_MAX / b ? UINT64_MAX : a * b; }

class VirtualClock final : public WasiClock {
 public:
  VirtualClock(uint64_t epoch_ns, uint64_t slept_ns) : epoch_ns_(epoch_ns), slept_ns_(slept_ns) {}

  ErrnoOr<uint64_t> Now(uint32_t id) override {
    uint64_t cpu = SaturatingMul(fuel_, kVirtualNsPerFuel);
    uint64_t elapsed = SaturatingAdd(cpu, slept_ns_);
    switch (id) {
      case kClockRealtime: return SaturatingAdd(epoch_ns_, elapsed);
      case kClockMonotonic: return elapsed;
      case kClockProcessCputime:
      case kClockThreadCputime: return cpu;
      default: return Errno::kInval;
    }
  }

  ErrnoOr<uint64_t> Resolution(uint32_t id) override {
    if (id > kClockThreadCputime) return Errno::kInval;
    return kVirtualResolutionNs;
  }

  ErrnoOr<bool> SleepUntil(uint32_t id, uint64_t deadline, const os::Wakeup*) override {
    if (id != kClockRealtime && id != kClockMonotonic) return Errno::kInval;
    WASI_ASSIGN_OR_RETURN(uint64_t now, Now(id));
    if (deadline > now) slept_ns_ = SaturatingAdd(slept_ns_, deadline - now);
    return true;
  }

  void ObserveFuel(uint64_t fuel_consumed) override { fuel_ = fuel_consumed; }

  Result<ClockState> Save() const override { return ClockState{ClockState::Kind::kVirtual, epoch_ns_, slept_ns_}; }

 private:
  uint64_t epoch_ns_;
  uint64_t slept_ns_;
  uint64_t fuel_ = 0;
};

}  // namespace

std::unique_ptr<WasiClock> MakeVirtualClock(uint64_t epoch_ns, uint64_t slept_ns) {
  return std::make_unique<VirtualClock>(epoch_ns, slept_ns);
}

}  // namespace cella::wasi
