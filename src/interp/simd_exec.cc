// interp/simd_exec.cc: RunSimd, the data loop (see simd_exec.h). Its handlers are the
// same source as the main loop's (ops_numeric.inc, ops_load_store.inc, ops_moves.inc) plus
// the SIMD ones (ops_simd.inc, lane semantics in simd_ops.h). Dispatch as in executor.cc:
// computed goto where the compiler has it, else a switch.
#include "interp/simd_exec.h"

#include <bit>
#include <cmath>
#include <cstring>

#include "interp/float_ops.h"
#include "interp/simd_ops.h"

#if defined(__GNUC__) && !defined(CELLA_INTERP_SWITCH)
#define CELLA_SIMD_COMPUTED_GOTO 1
#else
#define CELLA_SIMD_COMPUTED_GOTO 0
#endif

namespace cella::interp {

SimdRun RunSimd(const uint32_t* ip, uint64_t* fp, uint8_t* mem_base, uint8_t* mem_dirty, uint64_t mem_size) {
#include "interp/slot_access.inc"
#define MEM_DIRTY mem_dirty
#define TRAP(kind) return SimdRun{ip, true, TrapKind::kind}

#if CELLA_SIMD_COMPUTED_GOTO
  // Control flow, fuel, calls, globals, tables, references and bulk memory leave the loop.
  static const void* const kTargets[] = {
#define CELLA_SIMD_TARGET_WASM(name, text, code, imm, sig) &&L_##name,
#define CELLA_SIMD_EXIT_OWN(name, words) &&leave,
#define CELLA_SIMD_TARGET_OWN(name, words) &&L_k##name,
      CELLA_WASM_OPCODES(CELLA_SIMD_TARGET_WASM)
      CELLA_INTERP_BASE_OWN_OPS(CELLA_SIMD_EXIT_OWN)
      CELLA_INTERP_MOVE_OPS(CELLA_SIMD_TARGET_OWN)
      CELLA_INTERP_CANON_OPS(CELLA_SIMD_TARGET_OWN)
      CELLA_INTERP_SIMD_CANON_OPS(CELLA_SIMD_TARGET_OWN)
      CELLA_INTERP_IMM_OPS(CELLA_SIMD_TARGET_OWN)
      CELLA_INTERP_FUSED_OPS(CELLA_SIMD_TARGET_OWN)
#undef CELLA_SIMD_TARGET_WASM
#undef CELLA_SIMD_EXIT_OWN
#undef CELLA_SIMD_TARGET_OWN
  };
  static_assert(std::size(kTargets) == kOpCount);
#define HANDLER(name) L_##name:
#define DISPATCH() goto* kTargets[*ip]
#else
#define HANDLER(name) case Op::name:
#define DISPATCH() goto dispatch
#endif
#define NEXT(n)    \
  do {             \
    ip += (n);     \
    DISPATCH();    \
  } while (0)

  DISPATCH();

#if !CELLA_SIMD_COMPUTED_GOTO
dispatch:
  switch (static_cast<Op>(*ip)) {
#endif

#include "interp/ops_numeric.inc"
#include "interp/ops_load_store.inc"
#include "interp/ops_moves.inc"
#include "interp/ops_simd.inc"

  // Lowered wasm opcodes (never in internal code) and v128.const (emitted as Const128).
#define CELLA_SIMD_LOWERED(name) HANDLER(name)
  CELLA_LOWERED_WASM_OPS(CELLA_SIMD_LOWERED)
#undef CELLA_SIMD_LOWERED
  HANDLER(V128Const)
  goto leave;

#if !CELLA_SIMD_COMPUTED_GOTO
  default:
    goto leave;
  }
#endif

leave:
  return SimdRun{ip};

#include "interp/slot_access_end.inc"
#undef MEM_DIRTY
#undef TRAP
#undef HANDLER
#undef DISPATCH
#undef NEXT
}

}  // namespace cella::interp
