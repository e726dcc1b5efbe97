// interp/code.h: the interpreter's internal code. A function is compiled to a stream of
// 32-bit words: an Op, then its operands (frame slot indices, immediates, code
// positions). Operands address the frame directly (no push/pop): slots [0, locals) hold
// parameters then locals, and the wasm operand stack lives above them, entry i at its
// *canonical* slot. Side tables map every position back to wasm coordinates.
// Immutable once built; thread-safe to read.
//
// Two versions of each function share this format and the same handlers:
//  - fast code: fuel is charged once per straight-line block (Charge at block entry),
//    local.get is folded into operands and results are written straight into locals;
//  - step code (built lazily): one wasm instruction at a time, each preceded by its own
//    Charge, operands always in canonical slots. Used to finish a block that fuel cannot
//    pay for in full, and to resume from any instruction boundary.
// At every block boundary both versions keep the operand stack canonical, so execution
// can move between them there (TryFast / the fuel-short path) without translating state.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <vector>

#include "cella/error.h"
#include "cella/trap.h"
#include "wasm/opcodes.h"
#include "wasm/types.h"

namespace cella::interp {

// Internal opcodes: first every wasm opcode (in opcodes.h order; the simple numeric,
// comparison, conversion, load and store instructions run as they are), then the
// interpreter's own ops (k-prefixed). Dense, so dispatch tables index them directly.
#define CELLA_INTERP_OWN_OPS(X)                                                          \
  CELLA_INTERP_BASE_OWN_OPS(X)                                                           \
  CELLA_INTERP_MOVE_OPS(X)                                                               \
  CELLA_INTERP_CANON_OPS(X)                                                              \
  CELLA_INTERP_SIMD_CANON_OPS(X)                                                         \
  CELLA_INTERP_IMM_OPS(X)                                                                \
  CELLA_INTERP_FUSED_OPS(X)
#define CELLA_INTERP_BASE_OWN_OPS(X)                                                     \
  X(Charge, 2)        /* cost: pay for the block that starts here */                     \
  X(ChargeCheck, 2)   /* cost: as Charge, and honour interrupt requests (loops, entry) */ \
  X(TryFast, 2)       /* fast_pc: step code → fast code when fuel covers that block */   \
  X(Jump, 2)          /* target */                                                       \
  X(CopyJump, 4)      /* dst, src, target: a Copy, then a Jump (fast code) */            \
  X(I32AddImmJump, 5) /* dst, a, imm, target: an I32AddImm, then a Jump (fast code) */  \
  X(JumpIf, 3)        /* cond, target */                                                 \
  X(JumpUnless, 3)    /* cond, target */                                                 \
  X(JumpIfRefund, 4)  /* cond, target, refund: br_if leaving a fuel block early */       \
  X(Refund, 2)        /* amount: give back the unexecuted rest of the fuel block */      \
  X(JumpTable, 3)     /* index, count, then count+1 targets */                           \
  X(JumpTableAddImm, 4) /* a, imm, count, then count+1 targets: index (a + imm) mod 2^32 */ \
  X(Return, 3)        /* slot count, first: results are slots [first, first+count) */   \
  X(Call, 3)          /* func index, arg base */                                         \
  X(CallIndirect, 5)  /* type id, table, index slot, arg base */                         \
  X(ReturnCall, 3)    /* func index, arg base: the callee replaces this frame */         \
  X(ReturnCallIndirect, 5) /* type id, table, index slot, arg base */                    \
  X(Throw, 5)         /* tag index, first payload slot, payload slot count, region */    \
  X(Rethrow, 3)       /* catch level of the arm whose exception is thrown again, region */ \
  X(Trap, 2)          /* trap kind (unreachable) */                                      \
  X(Select, 5)        /* dst, a, b, cond */                                              \
  X(GlobalGet, 3)     /* dst, global */                                                  \
  X(GlobalSet, 3)     /* global, src */                                                  \
  X(MemorySize, 2)    /* dst */                                                          \
  X(MemoryGrow, 3)    /* dst, delta */                                                   \
  X(MemoryFill, 4)    /* dst addr, value, count */                                       \
  X(MemoryCopy, 4)    /* dst addr, src addr, count */                                    \
  X(MemoryInit, 5)    /* segment, dst addr, src offset, count */                         \
  X(DataDrop, 2)      /* segment */                                                      \
  X(TableGet, 4)      /* dst, table, index */                                            \
  X(TableSet, 4)      /* table, index, value */                                          \
  X(TableSize, 3)     /* dst, table */                                                   \
  X(TableGrow, 5)     /* dst, table, init, delta */                                      \
  X(TableFill, 5)     /* table, index, value, count */                                   \
  X(TableCopy, 6)     /* dst table, src table, dst, src, count */                        \
  X(TableInit, 6)     /* table, segment, dst, src, count */                              \
  X(ElemDrop, 2)      /* segment */                                                      \
  X(RefNull, 2)       /* dst */                                                          \
  X(RefIsNull, 3)     /* dst, ref */                                                     \
  X(RefFunc, 3)       /* dst, function index */                                         \
  X(Select128, 5)     /* dst, a, b, cond: v128 operands */                               \
  X(GlobalGet128, 3)  /* dst, global */                                                  \
  X(GlobalSet128, 3)  /* global, src */                                                  \
  CELLA_INTERP_COMPARE_BRANCH_OPS(X)                                                     \
  CELLA_INTERP_ADD_COMPARE_BRANCH_OPS(X)                                                 \
  X(I32Load8UBrIfEqImm, 9) X(I32Load8UBrIfNeImm, 9)

// An i32.load8_u and the BrIfEqImm / BrIfNeImm right after it that tests the byte
// loaded (a C string scan: `while (*p && *p != ',')`), in the words of the two ops: dst,
// addr, offset, (op), a, imm, target, refund; the branch's op word and its a (= dst)
// stay, unread, so fix-ups of its target need not know (Compiler::PairLoadWithBranch).

// An i32 comparison fused with the br_if (or the if) that consumes it: a, b, target,
// refund. Taken when the comparison holds (an if's is inverted: it jumps to the else
// arm); a taken br_if gives back `refund` as JumpIfRefund does (0 when nothing is
// skipped). The Imm forms compare with the immediate b.
#define CELLA_INTERP_COMPARE_BRANCH_OPS(X)                                                  \
  X(BrIfEq, 5) X(BrIfNe, 5) X(BrIfLtS, 5) X(BrIfLtU, 5) X(BrIfGtS, 5) X(BrIfGtU, 5)        \
  X(BrIfLeS, 5) X(BrIfLeU, 5) X(BrIfGeS, 5) X(BrIfGeU, 5)                                   \
  X(BrIfEqImm, 5) X(BrIfNeImm, 5) X(BrIfLtSImm, 5) X(BrIfLtUImm, 5) X(BrIfGtSImm, 5)       \
  X(BrIfGtUImm, 5) X(BrIfLeSImm, 5) X(BrIfLeUImm, 5) X(BrIfGeSImm, 5) X(BrIfGeUImm, 5)

// A loop's counter step fused with the compare-and-branch that tests it: dst, a, imm,
// b, target, refund. dst = a + imm (mod 2^32), then as BrIf<cond>[Imm] on dst and b.
// Same order as CELLA_INTERP_COMPARE_BRANCH_OPS (StepBranchVariant). The AndImm forms
// are bit tests the same way: dst = a & imm, then compared with the immediate b.
#define CELLA_INTERP_ADD_COMPARE_BRANCH_OPS(X)                                              \
  X(AddImmBrIfEq, 7) X(AddImmBrIfNe, 7) X(AddImmBrIfLtS, 7) X(AddImmBrIfLtU, 7)              \
  X(AddImmBrIfGtS, 7) X(AddImmBrIfGtU, 7) X(AddImmBrIfLeS, 7) X(AddImmBrIfLeU, 7)            \
  X(AddImmBrIfGeS, 7) X(AddImmBrIfGeU, 7)                                                    \
  X(AddImmBrIfEqImm, 7) X(AddImmBrIfNeImm, 7) X(AddImmBrIfLtSImm, 7) X(AddImmBrIfLtUImm, 7)  \
  X(AddImmBrIfGtSImm, 7) X(AddImmBrIfGtUImm, 7) X(AddImmBrIfLeSImm, 7) X(AddImmBrIfLeUImm, 7)\
  X(AddImmBrIfGeSImm, 7) X(AddImmBrIfGeUImm, 7)                                              \
  X(AndImmBrIfEqImm, 7) X(AndImmBrIfNeImm, 7)

// Data moves, run by both dispatch loops (executor.cc and simd_exec.cc).
#define CELLA_INTERP_MOVE_OPS(X)                                                            \
  X(Copy, 3)          /* dst, src */                                                     \
  X(Copy2, 5)         /* dst, src, dst2, src2: two copies, in this order (fast code) */  \
  X(Const32, 3)       /* dst, value */                                                   \
  X(Const64, 4)       /* dst, low, high */                                               \
  X(Copy128, 3)       /* dst, src: a v128 (two slots) */                                 \
  X(Const128, 6)      /* dst, four 32-bit words, least significant first */

// Wasm opcodes that never appear in internal code (the compiler lowers them).
#define CELLA_LOWERED_WASM_OPS(X)                                                            \
  X(Unreachable) X(Nop) X(Block) X(Loop) X(If) X(Else) X(Try) X(Catch) X(Throw) X(Rethrow)  \
  X(Delegate) X(CatchAll) X(End) X(Br) X(BrIf) X(BrTable)      \
  X(Return) X(Call) X(CallIndirect) X(ReturnCall) X(ReturnCallIndirect) X(Drop) X(Select) X(SelectT) X(LocalGet) X(LocalSet)    \
  X(LocalTee) X(GlobalGet) X(GlobalSet) X(TableGet) X(TableSet) X(MemorySize) X(MemoryGrow) \
  X(I32Const) X(I64Const) X(F32Const) X(F64Const) X(RefNull) X(RefIsNull) X(RefFunc)        \
  X(MemoryInit) X(DataDrop) X(MemoryCopy) X(MemoryFill) X(TableInit) X(ElemDrop)            \
  X(TableCopy) X(TableGrow) X(TableSize) X(TableFill)

// Integer binary ops whose right operand is a constant: dst, a, imm. i64 immediates are
// 32-bit values sign-extended.
#define CELLA_INTERP_IMM_OPS(X)                                                             \
  X(I32AddImm, 4) X(I32SubImm, 4) X(I32MulImm, 4) X(I32AndImm, 4) X(I32OrImm, 4)             \
  X(I32XorImm, 4) X(I32ShlImm, 4) X(I32ShrSImm, 4) X(I32ShrUImm, 4) X(I32EqImm, 4)           \
  X(I32NeImm, 4) X(I32LtSImm, 4) X(I32LtUImm, 4) X(I32GtSImm, 4) X(I32GtUImm, 4)             \
  X(I32LeSImm, 4) X(I32LeUImm, 4) X(I32GeSImm, 4) X(I32GeUImm, 4) X(I32RotlImm, 4)          \
  X(I32RotrImm, 4)                                                                            \
  X(I64AddImm, 4) X(I64SubImm, 4) X(I64MulImm, 4) X(I64AndImm, 4) X(I64OrImm, 4)             \
  X(I64XorImm, 4) X(I64ShlImm, 4) X(I64ShrSImm, 4) X(I64ShrUImm, 4) X(I64EqImm, 4)           \
  X(I64NeImm, 4) X(I64LtSImm, 4) X(I64LtUImm, 4) X(I64GtSImm, 4) X(I64GtUImm, 4)             \
  X(I64LeSImm, 4) X(I64LeUImm, 4) X(I64GeSImm, 4) X(I64GeUImm, 4) X(I64RotlImm, 4)          \
  X(I64RotrImm, 4)

// Two wasm instructions as one, where the first one's result is a temporary only the
// second reads (the compiler's ProducerOf / TakeBack). Run by both dispatch loops.
//  - I32ShrUAndImm: dst, a, shift, mask: (a >> shift) & mask, a bit field;
//  - I32AndShlImm: dst, a, mask, shift: (a & mask) << shift, a masked index scaled;
//    I32AndShl: dst, a, b, shift: the same with the mask b in a slot;
//  - I32ShlImmAdd: dst, a, shift, b: (a << shift) + b, an index scaled onto a base;
//  - I32ShrUAndAdd: dst, a, shift, mask, b: a bit field plus b (an interpreter's
//    operand index added to its base);
//  - I32MulAdd: dst, a, b, c: a * b + c, mod 2^32 (a product accumulated);
//  - I32AddImmPair: dst, a, imm, (op), dst2, a2, imm2: two I32AddImms one after the
//    other (the second may read the first's result), in the words of the two ops: the
//    second's op word stays, unread, so its operands keep their places. I32AddAddImm,
//    I32StoreAddImm and I32Store8AddImm are the same pairing after an i32.add, an
//    i32.store or an i32.store8 (a pointer bumped after a store through it), the first
//    op's words then the I32AddImm's (Compiler::PairWithAddImmBefore);
//  - I32RotlImmXor / I32ShrUImmXor / I32ShlImmXor: dst, a, imm, b: a rotated or shifted
//    by imm, xor b (hash and checksum rounds);
//  - <load>AddImm / <load>Add: dst, a, b (immediate or slot), offset: the load at
//    address (a + b) mod 2^32, plus the offset, as i32.add then the load compute it.
#define CELLA_INTERP_FUSED_OPS(X)                                                           \
  X(I32ShrUAndImm, 5) X(I32AndShlImm, 5) X(I32ShrUAndAdd, 6) X(I32MulAdd, 5)                \
  X(I32AddImmPair, 8) X(I32AddAddImm, 8) X(I32StoreAddImm, 8) X(I32Store8AddImm, 8)         \
  X(I32AndShl, 5) X(I32ShlImmAdd, 5)                                                         \
  X(I32RotlImmXor, 5) X(I32ShrUImmXor, 5) X(I32ShlImmXor, 5)                                 \
  X(I32LoadAddImm, 5) X(I32Load8UAddImm, 5) X(I32Load16SAddImm, 5) X(I64LoadAddImm, 5)     \
  X(I32LoadAdd, 5) X(I32Load8UAdd, 5) X(I32Load16SAdd, 5) X(I64LoadAdd, 5)

// Float arithmetic whose NaN results are made canonical (EngineConfig::canonicalize_nans):
// same operands as the wasm op of the same name without "Canon".
#define CELLA_INTERP_CANON_OPS(X)                                                           \
  X(F32AddCanon, 4) X(F32SubCanon, 4) X(F32MulCanon, 4) X(F32DivCanon, 4)                    \
  X(F32MinCanon, 4) X(F32MaxCanon, 4) X(F32SqrtCanon, 3) X(F32CeilCanon, 3)                  \
  X(F32FloorCanon, 3) X(F32TruncCanon, 3) X(F32NearestCanon, 3) X(F32DemoteF64Canon, 3)      \
  X(F64AddCanon, 4) X(F64SubCanon, 4) X(F64MulCanon, 4) X(F64DivCanon, 4)                    \
  X(F64MinCanon, 4) X(F64MaxCanon, 4) X(F64SqrtCanon, 3) X(F64CeilCanon, 3)                  \
  X(F64FloorCanon, 3) X(F64TruncCanon, 3) X(F64NearestCanon, 3) X(F64PromoteF32Canon, 3)

// The same for SIMD float lanes: every NaN lane of the result becomes the canonical NaN.
#define CELLA_INTERP_SIMD_CANON_OPS(X)                                                      \
  X(F32x4AddCanon, 4) X(F32x4SubCanon, 4) X(F32x4MulCanon, 4) X(F32x4DivCanon, 4)            \
  X(F32x4MinCanon, 4) X(F32x4MaxCanon, 4) X(F32x4SqrtCanon, 3) X(F32x4CeilCanon, 3)          \
  X(F32x4FloorCanon, 3) X(F32x4TruncCanon, 3) X(F32x4NearestCanon, 3)                         \
  X(F32x4DemoteF64x2ZeroCanon, 3)                                                             \
  X(F64x2AddCanon, 4) X(F64x2SubCanon, 4) X(F64x2MulCanon, 4) X(F64x2DivCanon, 4)            \
  X(F64x2MinCanon, 4) X(F64x2MaxCanon, 4) X(F64x2SqrtCanon, 3) X(F64x2CeilCanon, 3)          \
  X(F64x2FloorCanon, 3) X(F64x2TruncCanon, 3) X(F64x2NearestCanon, 3)                         \
  X(F64x2PromoteLowF32x4Canon, 3)

enum class Op : uint16_t {
#define CELLA_INTERP_WASM_OP_ENUM(name, text, code, imm, sig) name,
  CELLA_WASM_OPCODES(CELLA_INTERP_WASM_OP_ENUM)
#undef CELLA_INTERP_WASM_OP_ENUM
#define CELLA_INTERP_OWN_OP_ENUM(name, words) k##name,
  CELLA_INTERP_OWN_OPS(CELLA_INTERP_OWN_OP_ENUM)
#undef CELLA_INTERP_OWN_OP_ENUM
  kCount,
};

constexpr uint32_t kOpCount = static_cast<uint32_t>(Op::kCount);
// The internal op running wasm opcode `op` (only meaningful for simple instructions).
Op FromWasm(wasm::Opcode op);
// The NaN-canonicalizing variant of `op`, or `op` itself when it cannot produce a NaN.
Op CanonicalNanVariant(Op op);
// The constant-right-operand variant of integer binary op `op`, or Op::kCount if none.
// `commutative` is set when the operands may be swapped to put a constant on the right.
Op ImmediateVariant(Op op, bool* commutative);
// The compare-and-branch op taking a branch when i32 comparison `op` (an i32 comparison,
// its Imm form, or i32.eqz as EqImm 0) holds — or, with `invert`, when it does not;
// Op::kCount if `op` is no such comparison.
Op CompareBranchVariant(Op op, bool invert);
// The op doing `step` (I32AddImm or I32AndImm) then compare-and-branch op `branch` (a
// BrIf* op): an AddImmBrIf* / AndImmBrIf*; Op::kCount if there is none.
Op StepBranchVariant(Op step, Op branch);

// Operand layout of wasm-numbered ops: unary/conversion = dst, a; binary = dst, a, b;
// load = dst, addr, offset; store = addr, value, offset. SIMD ops: [dst] then the
// operands bottom first, then the immediates: memory offset, lane index, and for
// i8x16.shuffle four words of lane indices. A v128 operand names the first of its two
// adjacent slots (see docs/architecture.md, "v128 values").
uint32_t OpWords(Op op);  // total words of an instruction, operands included (not JumpTable*)
const char* OpName(Op op);

constexpr uint32_t kNoBlock = UINT32_MAX;

// One entry per compiled wasm instruction with a cost, sorted by pc.
struct Site {
  uint32_t pc = 0;           // first word of the instruction's code
  uint32_t wasm_offset = 0;  // module offset of the wasm instruction
  uint32_t block = kNoBlock; // fuel block (fast code); kNoBlock in step code
  uint32_t paid_through = 0; // block cost paid up to and including this instruction
};

// A position where a frame can be paused and later resumed, sorted by pc:
//  - at a Charge (the next instruction to run is at wasm_offset), or
//  - a return site: the position right after a call, where a caller frame waits.
constexpr uint32_t kNoRegion = UINT32_MAX;  // no try body / delegate to the caller

struct PausePoint {
  uint32_t pc = 0;
  uint32_t wasm_offset = 0;    // the next wasm instruction to execute
  uint32_t types_begin = 0;    // operand stack types: Code::stack_types[begin, begin+count)
  uint32_t types_count = 0;    // for a return site: the values below the call's arguments
  bool return_site = false;
  uint32_t catch_depth = 0;    // catch arms open here: their caught exceptions are live state
  uint32_t region = kNoRegion; // return sites: the innermost try body around the call
  uint32_t call_type_id = UINT32_MAX;  // return sites: TypeRegistry id of the callee's type
};

// Exception handling (legacy try/catch/delegate). Every instruction that can throw — throw
// and rethrow (an operand), calls (their return site's PausePoint::region) — knows the
// innermost try body around it, its region. A throw there tries that region's catches in
// order, then its parent's (the next try body out), and so on; a `delegate` region instead
// sends the exception to its delegate target, or to the caller. The search is linear in
// the nesting it crosses, never in the number of tries of the function.
constexpr uint32_t kCatchAll = UINT32_MAX;  // CatchClause::tag of catch_all

struct CatchClause {
  uint32_t region = 0;
  uint32_t tag = kCatchAll;  // tag index in the module, or kCatchAll
  uint32_t target = 0;       // pc of the catch arm
};

struct TryRegion {
  uint32_t parent = kNoRegion; // the innermost try body around this try
  uint32_t payload_slot = 0;   // frame slot of a caught exception's first payload value
  uint32_t catch_level = 0;    // catch arms open around the try (rethrow keeps exceptions per level)
  uint32_t catches_begin = 0;  // Code::catches[begin, begin + count)
  uint32_t catches_count = 0;
  bool delegates = false;      // try … delegate: send exceptions to `delegate_to`
  uint32_t delegate_to = kNoRegion;  // region id, or kNoRegion: the caller
};

struct Code {
  std::vector<uint32_t> words;
  std::vector<TryRegion> try_regions;  // by id (the order the tries opened)
  std::vector<CatchClause> catches;    // grouped by region
  std::vector<Site> sites;
  std::vector<uint32_t> block_costs;  // fast code: cost of each fuel block
  std::vector<PausePoint> pause_points;
  std::vector<wasm::ValType> stack_types;

  const Site* FindSite(uint32_t pc) const;          // last site with site.pc <= pc
  // The pause point at exactly `pc` of the given kind (a Charge or a return site).
  const PausePoint* FindPausePoint(uint32_t pc, bool return_site) const;
  // Step code: the pause point whose next instruction is at `wasm_offset` (a Charge or,
  // when `return_site`, the return site of the call ending there).
  const PausePoint* FindByOffset(uint32_t wasm_offset, bool return_site) const;
  std::vector<wasm::ValType> StackTypes(const PausePoint& point) const;
};

// A defined function of a loaded module. The identity fields are set when the module is
// loaded; the code fields are written once, by the first EnsureCompiled
// (interp/function_compile.h), and frame_slots is published last (release): whoever sees
// compiled() (acquire) sees the rest. Running frames always belong to compiled functions.
inline constexpr uint32_t kNotCompiled = UINT32_MAX;

struct CompiledFunction {
  uint32_t func_index = 0;           // in the module's function index space
  uint32_t defined_index = 0;        // among defined functions
  uint32_t type_id = 0;              // TypeRegistry id
  uint32_t body_offset = 0;          // module offset of the first instruction
  uint32_t param_slots = 0;
  uint32_t result_count = 0;

  // Code, compiled on first use (EnsureCompiled).
  mutable uint32_t local_slots = 0;                // parameters + declared locals
  mutable std::vector<wasm::ValType> local_types;  // parameters then locals
  mutable std::vector<uint32_t> local_slot_of;     // slot of each local
  mutable Code fast;
  // local_slots + the deepest operand stack; kNotCompiled until the code above exists.
  // (A call checks it against the slot capacity, which is below kNotCompiled, so the
  // sentinel sends a call to an uncompiled function down the call's slow path.)
  mutable std::atomic<uint32_t> frame_slots{kNotCompiled};
  mutable std::optional<Error> compile_error;  // why compiling failed (not expected after validation)
  // Held while compiling either kind of code. (A mutex, not std::call_once: glibc's
  // pthread_once ends with a futex wake system call every time, one per function.)
  mutable std::mutex compile_mutex;

  bool compiled() const { return frame_slots.load(std::memory_order_acquire) != kNotCompiled; }

  // Step code, compiled on first use (under compile_mutex).
  mutable std::unique_ptr<Code> step;
};

}  // namespace cella::interp
