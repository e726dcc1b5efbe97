// interp/simd_exec.h: the data loop of gcc builds. With tail-call dispatch (clang) SIMD ops
// are handlers of the main loop and this is not used; in the single-function loop
// (computed goto, switch) executor.cc's RunLoop leaves at any SIMD op
// (Stop::at_simd); interp::Run then calls RunSimd, which runs that op and everything after
// it that is pure data work — SIMD, scalar numeric ops, loads and stores, moves — in its
// own dispatch loop, and returns at the first other op (a fuel charge, control flow, a
// call, a global or table access, bulk memory). Kept apart so RunLoop's code and register
// allocation are those of a loop without SIMD. Stateless; thread-safe.
#pragma once

#include <cstdint>

#include "cella/trap.h"
#include "interp/code.h"

namespace cella::interp {

struct SimdRun {
  const uint32_t* ip;  // the op to continue with (or the trapping op)
  bool trapped = false;
  TrapKind trap = TrapKind::kUnreachable;  // when trapped
};

// Runs from `ip` (a SIMD op) on frame slots `fp` and memory 0 (`mem_base`/`mem_dirty`/
// `mem_size`; null/0 without memory). `ip` itself comes back, untrapped, if it is not an
// op the loop runs (an internal error).
SimdRun RunSimd(const uint32_t* ip, uint64_t* fp, uint8_t* mem_base, uint8_t* mem_dirty, uint64_t mem_size);

}  // namespace cella::interp
