// wasi/time_flags.cc: TimesFromFlags (see time_flags.h). Thread-safe.
#include "wasi/time_flags.h"

#include <sys/stat.h>

#include "wasi/abi.h"

namespace cella::wasi {
namespace {

timespec One(uint64_t nanos, bool set, bool now) {
  if (now) return timespec{0, UTIME_NOW};
  if (!set) return timespec{0, UTIME_OMIT};
  return timespec{static_cast<time_t>(nanos / 1'000'000'000u), static_cast<long>(nanos % 1'000'000'000u)};
}

}  // namespace

Errno TimesFromFlags(uint64_t atim, uint64_t mtim, uint32_t fst_flags, timespec out[2]) {
  if ((fst_flags & ~kFstAll) != 0) return Errno::kInval;
  if ((fst_flags & kFstAtim) != 0 && (fst_flags & kFstAtimNow) != 0) return Errno::kInval;
  if ((fst_flags & kFstMtim) != 0 && (fst_flags & kFstMtimNow) != 0) return Errno::kInval;
  out[0] = One(atim, (fst_flags & kFstAtim) != 0, (fst_flags & kFstAtimNow) != 0);
  out[1] = One(mtim, (fst_flags & kFstMtim) != 0, (fst_flags & kFstMtimNow) != 0);
  return Errno::kSuccess;
}

}  // namespace cella::wasi
