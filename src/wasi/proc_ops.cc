// wasi/proc_ops.cc: args_*, environ_*, clock_res_get, clock_time_get, random_get,
// proc_exit, proc_raise and sched_yield. Clocks and randomness go through the WasiCtx
// hooks only. Not thread-safe.
#include <sched.h>

#include <string>
#include <vector>

#include "wasi/abi.h"
#include "wasi/host_call.h"

namespace cella::wasi {
namespace {

// Sizes for args_sizes_get / environ_sizes_get: count and bytes with NULs.
Errno StoreSizes(WasiCall& call, const std::vector<std::string>& strings, uint32_t count_ptr, uint32_t size_ptr) {
  uint64_t bytes = 0;
  for (const std::string& s : strings) bytes += s.size() + 1;
  if (bytes > UINT32_MAX) return Errno::kOverflow;
  WASI_ASSIGN_OR_RETURN(GuestSpan count, call.mem.Range(count_ptr, 4, 4));
  WASI_ASSIGN_OR_RETURN(GuestSpan size, call.mem.Range(size_ptr, 4, 4));
  count.Put<uint32_t>(0, static_cast<uint32_t>(strings.size()));
  size.Put<uint32_t>(0, static_cast<uint32_t>(bytes));
  return Errno::kSuccess;
}

// args_get / environ_get: an array of pointers into a buffer of NUL-terminated strings.
// Both ranges are checked whole before anything is written.
Errno StoreStrings(WasiCall& call, const std::vector<std::string>& strings, uint32_t array_ptr, uint32_t buf_ptr) {
  uint64_t bytes = 0;
  for (const std::string& s : strings) bytes += s.size() + 1;
  WASI_ASSIGN_OR_RETURN(GuestSpan array, call.mem.Array(array_ptr, static_cast<uint32_t>(strings.size()), 4, 4));
  WASI_ASSIGN_OR_RETURN(GuestSpan buf, call.mem.Range(buf_ptr, bytes));
  uint32_t offset = 0;
  for (size_t i = 0; i < strings.size(); ++i) {
    array.Put<uint32_t>(static_cast<uint32_t>(i * 4), buf_ptr + offset);
    const std::string& s = strings[i];
    buf.PutBytes(offset, {reinterpret_cast<const uint8_t*>(s.data()), s.size()});
    buf.Put<uint8_t>(offset + static_cast<uint32_t>(s.size()), 0);
    offset += static_cast<uint32_t>(s.size() + 1);
  }
  return Errno::kSuccess;
}

Errno ArgsSizesGet(WasiCall& call) { return StoreSizes(call, call.ctx.args(), call.U32(0), call.U32(1)); }
Errno ArgsGet(WasiCall& call) { return StoreStrings(call, call.ctx.args(), call.U32(0), call.U32(1)); }
Errno EnvironSizesGet(WasiCall& call) { return StoreSizes(call, call.ctx.env(), call.U32(0), call.U32(1)); }
Errno EnvironGet(WasiCall& call) { return StoreStrings(call, call.ctx.env(), call.U32(0), call.U32(1)); }

Errno ClockResGet(WasiCall& call) {
  WASI_ASSIGN_OR_RETURN(uint64_t resolution, call.ctx.clock().Resolution(call.U32(0)));
  return call.mem.Store<uint64_t>(call.U32(1), resolution);
}

Errno ClockTimeGet(WasiCall& call) {
  // The precision argument (U64(1)) is a hint; every clock answers at full resolution.
  WASI_ASSIGN_OR_RETURN(uint64_t now, call.ctx.clock().Now(call.U32(0)));
  return call.mem.Store<uint64_t>(call.U32(2), now);
}

Errno RandomGet(WasiCall& call) {
  WASI_ASSIGN_OR_RETURN(GuestSpan buf, call.mem.Range(call.U32(0), call.U32(1)));
  return call.ctx.random().Fill(buf.bytes());
}

Errno ProcExit(WasiCall& call) {
  call.ctx.set_exit_code(call.U32(0));
  call.stop = HostOutcome::Exit(static_cast<int32_t>(call.U32(0)));
  return Errno::kSuccess;
}

// Default dispositions: ignored signals return success, stop signals cannot stop a cell
// (ENOTSUP), every other one terminates the guest as the signal would.
Errno ProcRaise(WasiCall& call) {
  uint32_t signal = call.U32(0);
  if (signal > kSignalMax) return Errno::kInval;
  switch (signal) {
    case 0:   // none
    case 16:  // chld
    case 17:  // cont
    case 22:  // urg
    case 27:  // winch
      return Errno::kSuccess;
    case 18:  // stop
    case 19:  // tstp
    case 20:  // ttin
    case 21:  // ttou
      return Errno::kNotsup;
    default:
      call.ctx.set_raised_signal(signal);
      call.stop = HostOutcome::Trap("terminated by " + SignalName(signal) + " (proc_raise)");
      return Errno::kSuccess;
  }
}

Errno SchedYield(WasiCall&) {
  ::sched_yield();
  return Errno::kSuccess;
}

constexpr FunctionDef kFunctions[] = {
    {"args_get", "ii", true, ArgsGet},
    {"args_sizes_get", "ii", true, ArgsSizesGet},
    {"environ_get", "ii", true, EnvironGet},
    {"environ_sizes_get", "ii", true, EnvironSizesGet},
    {"clock_res_get", "ii", true, ClockResGet},
    {"clock_time_get", "iIi", true, ClockTimeGet},
    {"random_get", "ii", true, RandomGet},
    {"proc_exit", "i", false, ProcExit},
    {"proc_raise", "i", true, ProcRaise},
    {"sched_yield", "", true, SchedYield},
};

}  // namespace

std::span<const FunctionDef> ProcFunctions() { return kFunctions; }

}  // namespace cella::wasi
