// interp/executor.cc: the dispatch loop. One run of RunLoop executes one frame: the
// frame, its code, its slots and the memory are fixed for the run; ip and fuel live in
// locals (fuel is written back whenever the loop leaves or calls the host). A call, a
// return, a throw, a switch between fast and step code or a memory.grow saves the frame
// and returns asking to be run again; Run (below) starts the loop again on the new top
// frame, so wasm calls never recurse on the host stack. Handlers are written once
// (ops_*.inc and below) and dispatched by computed goto where the compiler supports it,
// else by a switch.
#include "interp/executor.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstring>
#include <span>

#include "interp/compiler.h"
#include "interp/float_ops.h"
#include "interp/function_compile.h"
#include "interp/op_profile.h"
#include "interp/unwind.h"
#include "interp/simd_exec.h"
#include "runtime/ref.h"

#if defined(__GNUC__) && !defined(CELLA_INTERP_SWITCH)
#define CELLA_COMPUTED_GOTO 1
#else
#define CELLA_COMPUTED_GOTO 0
#endif

namespace cella::interp {

static_assert(std::endian::native == std::endian::little, "Cella assumes a little-endian host");

namespace {

// Runs host function `callee` with its arguments at `slots`; on a trap or exit request
// fills `stop` and returns false.
bool CallHost(const runtime::FuncInst& callee, uint64_t* slots, runtime::InstanceData* caller, Stop* stop) {
  runtime::HostCall call;
  call.slots = slots;
  call.caller = caller;
  runtime::HostStatus status = callee.host(call);
  if (status == runtime::HostStatus::kTrap) {
    stop->reason = StopReason::kTrapped;
    stop->trap = TrapKind::kHostTrap;
    stop->message = std::move(call.trap_message);
    return false;
  }
  if (status == runtime::HostStatus::kExit) {
    stop->reason = StopReason::kExit;
    stop->exit_code = call.exit_code;
    return false;
  }
  return true;
}

// Compiles `callee` on its first call; on failure fills `stop` and returns false. Out of
// line and cold: the dispatch loop only reaches it through a call's slow path.
[[gnu::cold, gnu::noinline]] bool CompileCallee(const runtime::FuncInst& callee, Stop* stop) {
  Status status = EnsureCompiled(*callee.code, *callee.instance->loaded);
  if (status.ok()) return true;
  stop->reason = StopReason::kTrapped;
  stop->trap = TrapKind::kHostTrap;
  stop->message = "internal error: function " + std::to_string(callee.func_index) +
                  " could not be compiled: " + status.error().ToString();
  return false;
}

// frames.push_back(frame), inlined: in the dispatch loop clang otherwise calls the
// vector's push_back out of line on every wasm call.
[[gnu::always_inline, gnu::flatten]] inline void PushFrame(std::vector<Frame>& frames, const Frame& frame) {
  frames.push_back(frame);
}

// The function call_indirect and return_call_indirect reach: table[index] when it holds
// a function of type `type_id`; otherwise nullptr and the trap, as the spec orders them.
inline runtime::FuncInst* IndirectCallee(const runtime::StoreData& store, const runtime::TableInst& table,
                                         uint64_t index, uint32_t type_id, TrapKind* trap) {
  if (index >= table.size()) {
    *trap = TrapKind::kUndefinedElement;
    return nullptr;
  }
  uint64_t ref = table.elements[index];
  if (ref == runtime::kNullRef) {
    *trap = TrapKind::kUninitializedElement;
    return nullptr;
  }
  runtime::FuncInst* callee = store.funcs[runtime::AddressFromFuncRef(ref)].get();
  if (callee->type_id != type_id) {
    *trap = TrapKind::kIndirectCallTypeMismatch;
    return nullptr;
  }
  return callee;
}

// Runs the top frame; returns true when the loop must start again on the (new) top
// frame, false when it stopped (`stop` says why). `stop` belongs to Run, so a re-entry
// costs no Stop of its own.
bool RunLoop(Thread& thread, size_t entry_depth, Stop& stop) {
  runtime::StoreData& store = thread.store();
  uint64_t* const slots = thread.slots();
  const uint64_t capacity = thread.slot_capacity();
  const std::atomic<bool>& interrupt = *thread.interrupt;

  // One run of the loop stays in one frame of one function: everything about it is
  // fixed here, and whatever changes the top frame (a call, a return, a throw, a switch
  // between fast and step code) or the memory's size saves the frame and returns true,
  // for Run to start the loop again. Only ip and fuel vary inside, which keeps the
  // dispatch almost free of register shuffles: with the frame's values changing inside
  // the loop, clang copied several registers at the entry of every handler.
  Frame* const frame = &thread.frames.back();
  const uint32_t* const code = frame->code;
  const uint32_t* ip = code + frame->pc;
  uint64_t* const fp = slots + frame->base;
  runtime::InstanceData* const inst = frame->instance;
  runtime::MemoryInst* const memory = inst->memory0();
  uint8_t* const mem_base = memory ? memory->base() : nullptr;
  uint8_t* const mem_dirty = memory ? memory->dirty() : nullptr;
  const uint64_t mem_size = memory ? memory->size_bytes() : 0;
  uint64_t fuel = thread.fuel;  // written back whenever the loop leaves or calls the host
  runtime::FuncInst* callee = nullptr;
  uint32_t arg_base = 0;
  const uint32_t* next_ip = nullptr;

#include "interp/slot_access.inc"
#define TRAP_AS(trap_kind)              \
  do {                                  \
    stop.reason = StopReason::kTrapped; \
    stop.trap = (trap_kind);            \
    goto leave;                         \
  } while (0)
#define TRAP(kind) TRAP_AS(TrapKind::kind)

#if CELLA_COMPUTED_GOTO
  static const void* const kTargets[] = {
#define CELLA_TARGET_WASM(name, text, code, imm, sig) &&L_##name,
#define CELLA_TARGET_SIMD_WASM(name, text, code, imm, sig) &&L_simd,
#define CELLA_TARGET_OWN(name, words) &&L_k##name,
#define CELLA_TARGET_SIMD_OWN(name, words) &&L_simd,
      CELLA_WASM_SCALAR_OPCODES(CELLA_TARGET_WASM)
      CELLA_WASM_SIMD_OPCODES(CELLA_TARGET_SIMD_WASM)
      CELLA_INTERP_BASE_OWN_OPS(CELLA_TARGET_OWN)
      CELLA_INTERP_MOVE_OPS(CELLA_TARGET_OWN)
      CELLA_INTERP_CANON_OPS(CELLA_TARGET_OWN)
      CELLA_INTERP_SIMD_CANON_OPS(CELLA_TARGET_SIMD_OWN)
      CELLA_INTERP_IMM_OPS(CELLA_TARGET_OWN)
      CELLA_INTERP_FUSED_OPS(CELLA_TARGET_OWN)
#undef CELLA_TARGET_WASM
#undef CELLA_TARGET_SIMD_WASM
#undef CELLA_TARGET_OWN
#undef CELLA_TARGET_SIMD_OWN
  };
  static_assert(std::size(kTargets) == kOpCount);
#define HANDLER(name) L_##name:
#define DISPATCH()             \
  do {                         \
    PROFILE_DISPATCH();        \
    goto* kTargets[*ip];       \
  } while (0)
#else
#define HANDLER(name) case Op::name:
#define DISPATCH()             \
  do {                         \
    PROFILE_DISPATCH();        \
    goto dispatch;             \
  } while (0)
#endif
#if defined(CELLA_OP_PROFILE)
  uint32_t profiled_op = kOpCount;
#define PROFILE_DISPATCH()                \
  do {                                    \
    CountDispatch(profiled_op, *ip);      \
    profiled_op = *ip;                    \
  } while (0)
#else
#define PROFILE_DISPATCH() \
  do {                     \
  } while (0)
#endif
#define NEXT(n)    \
  do {             \
    ip += (n);     \
    DISPATCH();    \
  } while (0)
  // A branch lands on the start of a fuel block, which begins with its Charge (a
  // ChargeCheck at loop headers). JUMP pays it on the spot when the tank covers it and
  // goes past it, saving that op's dispatch; otherwise the op runs and pauses as usual.
  // Fuel and pause points are exactly those of running it.
#define JUMP(target)                                                                     \
  do {                                                                                   \
    ip = (target);                                                                       \
    if (*ip == static_cast<uint32_t>(Op::kCharge)) {                                     \
      if (fuel >= ip[1]) {                                                               \
        fuel -= ip[1];                                                                   \
        ip += 2;                                                                         \
      }                                                                                  \
    } else if (*ip == static_cast<uint32_t>(Op::kChargeCheck)) {                         \
      if (fuel >= ip[1] && !interrupt.load(std::memory_order_relaxed)) {                 \
        fuel -= ip[1];                                                                   \
        ip += 2;                                                                         \
      }                                                                                  \
    }                                                                                    \
    DISPATCH();                                                                          \
  } while (0)

  DISPATCH();

#if !CELLA_COMPUTED_GOTO
dispatch:
  switch (static_cast<Op>(*ip)) {
#endif

#include "interp/ops_numeric.inc"
#include "interp/ops_memory.inc"
#include "interp/ops_table.inc"
#include "interp/ops_moves.inc"
#include "interp/ops_load_store.inc"

  // ---- fuel ----
  HANDLER(kCharge) {
    if (fuel < ip[1]) {
      stop.reason = StopReason::kOutOfFuel;
      goto leave;
    }
    fuel -= ip[1];
    NEXT(2);
  }
  HANDLER(kChargeCheck) {
    if (fuel < ip[1]) {
      stop.reason = StopReason::kOutOfFuel;
      goto leave;
    }
    if (interrupt.load(std::memory_order_relaxed)) {
      stop.reason = StopReason::kInterrupted;
      goto leave;
    }
    fuel -= ip[1];
    NEXT(2);
  }
  HANDLER(kTryFast) {
    const Code& fast = frame->func->fast;
    uint32_t fast_pc = ip[1];
    if (fuel >= fast.words[fast_pc + 1]) {
      frame->step = false;
      frame->code = fast.words.data();
      frame->pc = fast_pc;
      goto reenter;
    }
    NEXT(2);
  }

  // ---- control ----
  HANDLER(kJump) {
    JUMP(code + ip[1]);
  }
  HANDLER(kCopyJump) {
    SLOT(1) = SLOT(2);
    JUMP(code + ip[3]);
  }
  HANDLER(kJumpIf) {
    if (I32(1) != 0) {
      JUMP(code + ip[2]);
    }
    NEXT(3);
  }
  HANDLER(kJumpIfRefund) {
    if (I32(1) != 0) {
      fuel += ip[3];
      JUMP(code + ip[2]);
    }
    NEXT(4);
  }
  HANDLER(kRefund) {
    fuel += ip[1];
    NEXT(2);
  }
  HANDLER(kJumpUnless) {  // an if: either arm starts a fuel block
    if (I32(1) == 0) JUMP(code + ip[2]);
    JUMP(ip + 3);
  }
#define CELLA_COMPARE_BRANCH(name, holds) \
  HANDLER(name) {                         \
    if (holds) {                          \
      fuel += ip[4];                      \
      JUMP(code + ip[3]);                 \
    }                                     \
    NEXT(5);                              \
  }
  CELLA_COMPARE_BRANCH(kBrIfEq, I32(1) == I32(2))
  CELLA_COMPARE_BRANCH(kBrIfNe, I32(1) != I32(2))
  CELLA_COMPARE_BRANCH(kBrIfLtS, S32(1) < S32(2))
  CELLA_COMPARE_BRANCH(kBrIfLtU, I32(1) < I32(2))
  CELLA_COMPARE_BRANCH(kBrIfGtS, S32(1) > S32(2))
  CELLA_COMPARE_BRANCH(kBrIfGtU, I32(1) > I32(2))
  CELLA_COMPARE_BRANCH(kBrIfLeS, S32(1) <= S32(2))
  CELLA_COMPARE_BRANCH(kBrIfLeU, I32(1) <= I32(2))
  CELLA_COMPARE_BRANCH(kBrIfGeS, S32(1) >= S32(2))
  CELLA_COMPARE_BRANCH(kBrIfGeU, I32(1) >= I32(2))
  CELLA_COMPARE_BRANCH(kBrIfEqImm, I32(1) == ip[2])
  CELLA_COMPARE_BRANCH(kBrIfNeImm, I32(1) != ip[2])
  CELLA_COMPARE_BRANCH(kBrIfLtSImm, S32(1) < static_cast<int32_t>(ip[2]))
  CELLA_COMPARE_BRANCH(kBrIfLtUImm, I32(1) < ip[2])
  CELLA_COMPARE_BRANCH(kBrIfGtSImm, S32(1) > static_cast<int32_t>(ip[2]))
  CELLA_COMPARE_BRANCH(kBrIfGtUImm, I32(1) > ip[2])
  CELLA_COMPARE_BRANCH(kBrIfLeSImm, S32(1) <= static_cast<int32_t>(ip[2]))
  CELLA_COMPARE_BRANCH(kBrIfLeUImm, I32(1) <= ip[2])
  CELLA_COMPARE_BRANCH(kBrIfGeSImm, S32(1) >= static_cast<int32_t>(ip[2]))
  CELLA_COMPARE_BRANCH(kBrIfGeUImm, I32(1) >= ip[2])
#undef CELLA_COMPARE_BRANCH
  // A step (`step` is + or &) with an immediate, then a compare-and-branch on its result.
#define CELLA_STEP_COMPARE_BRANCH(name, step, holds) \
  HANDLER(name) {                                    \
    const uint32_t v = I32(2) step ip[3];            \
    SET_I32(1, v);                                   \
    if (holds) {                                     \
      fuel += ip[6];                                 \
      JUMP(code + ip[5]);                            \
    }                                                \
    NEXT(7);                                         \
  }
#define CELLA_ADD_COMPARE_BRANCH(name, holds) CELLA_STEP_COMPARE_BRANCH(name, +, holds)
  CELLA_ADD_COMPARE_BRANCH(kAddImmBrIfEq, v == I32(4))
  CELLA_ADD_COMPARE_BRANCH(kAddImmBrIfNe, v != I32(4))
  CELLA_ADD_COMPARE_BRANCH(kAddImmBrIfLtS, static_cast<int32_t>(v) < S32(4))
  CELLA_ADD_COMPARE_BRANCH(kAddImmBrIfLtU, v < I32(4))
  CELLA_ADD_COMPARE_BRANCH(kAddImmBrIfGtS, static_cast<int32_t>(v) > S32(4))
  CELLA_ADD_COMPARE_BRANCH(kAddImmBrIfGtU, v > I32(4))
  CELLA_ADD_COMPARE_BRANCH(kAddImmBrIfLeS, static_cast<int32_t>(v) <= S32(4))
  CELLA_ADD_COMPARE_BRANCH(kAddImmBrIfLeU, v <= I32(4))
  CELLA_ADD_COMPARE_BRANCH(kAddImmBrIfGeS, static_cast<int32_t>(v) >= S32(4))
  CELLA_ADD_COMPARE_BRANCH(kAddImmBrIfGeU, v >= I32(4))
  CELLA_ADD_COMPARE_BRANCH(kAddImmBrIfEqImm, v == ip[4])
  CELLA_ADD_COMPARE_BRANCH(kAddImmBrIfNeImm, v != ip[4])
  CELLA_ADD_COMPARE_BRANCH(kAddImmBrIfLtSImm, static_cast<int32_t>(v) < static_cast<int32_t>(ip[4]))
  CELLA_ADD_COMPARE_BRANCH(kAddImmBrIfLtUImm, v < ip[4])
  CELLA_ADD_COMPARE_BRANCH(kAddImmBrIfGtSImm, static_cast<int32_t>(v) > static_cast<int32_t>(ip[4]))
  CELLA_ADD_COMPARE_BRANCH(kAddImmBrIfGtUImm, v > ip[4])
  CELLA_ADD_COMPARE_BRANCH(kAddImmBrIfLeSImm, static_cast<int32_t>(v) <= static_cast<int32_t>(ip[4]))
  CELLA_ADD_COMPARE_BRANCH(kAddImmBrIfLeUImm, v <= ip[4])
  CELLA_ADD_COMPARE_BRANCH(kAddImmBrIfGeSImm, static_cast<int32_t>(v) >= static_cast<int32_t>(ip[4]))
  CELLA_ADD_COMPARE_BRANCH(kAddImmBrIfGeUImm, v >= ip[4])
#undef CELLA_ADD_COMPARE_BRANCH
#define CELLA_AND_COMPARE_BRANCH(name, holds) CELLA_STEP_COMPARE_BRANCH(name, &, holds)
  CELLA_AND_COMPARE_BRANCH(kAndImmBrIfEqImm, v == ip[4])
  CELLA_AND_COMPARE_BRANCH(kAndImmBrIfNeImm, v != ip[4])
#undef CELLA_AND_COMPARE_BRANCH
#undef CELLA_STEP_COMPARE_BRANCH
  HANDLER(kJumpTable) {
    uint32_t index = I32(1);
    uint32_t count = ip[2];
    JUMP(code + ip[3 + std::min(index, count)]);
  }
  HANDLER(kJumpTableAddImm) {
    uint32_t index = I32(1) + ip[2];
    uint32_t count = ip[3];
    JUMP(code + ip[4 + std::min(index, count)]);
  }
  HANDLER(kTrap) {
    stop.reason = StopReason::kTrapped;
    stop.trap = static_cast<TrapKind>(ip[1]);
    goto leave;
  }
  HANDLER(kSelect) {
    SLOT(1) = I32(4) != 0 ? SLOT(2) : SLOT(3);
    NEXT(5);
  }
  HANDLER(kReturn) {
    uint32_t count = ip[1];
    uint32_t first = ip[2];
    for (uint32_t i = 0; i < count; ++i) fp[i] = fp[first + i];
    goto do_return;
  }
  HANDLER(kReturnCall) {
    callee = inst->funcs[ip[1]];
    arg_base = ip[2];
    goto do_tail_call;
  }
  HANDLER(kReturnCallIndirect) {
    TrapKind trap;
    callee = IndirectCallee(store, *inst->tables[ip[2]], I32(3), ip[1], &trap);
    if (callee == nullptr) TRAP_AS(trap);
    arg_base = ip[4];
    goto do_tail_call;
  }
  HANDLER(kThrow) {
    thread.in_flight.tag = inst->tag_addrs[ip[1]];
    thread.in_flight.payload.assign(fp + ip[2], fp + ip[2] + ip[3]);
    goto do_throw;
  }
  HANDLER(kRethrow) {
    const CaughtException* held = FindCaught(thread, thread.frames.size() - 1, ip[1]);
    if (held == nullptr) goto invalid;
    thread.in_flight = held->exception;
    goto do_throw;
  }
  HANDLER(kCall) {
    callee = inst->funcs[ip[1]];
    arg_base = ip[2];
    next_ip = ip + 3;
    goto do_call;
  }
  HANDLER(kCallIndirect) {
    TrapKind trap;
    callee = IndirectCallee(store, *inst->tables[ip[2]], I32(3), ip[1], &trap);
    if (callee == nullptr) TRAP_AS(trap);
    arg_base = ip[4];
    next_ip = ip + 5;
    goto do_call;
  }

  // ---- SIMD: the loop leaves, Run runs the SIMD ops (RunSimd, simd_exec.cc) and comes
  // back. A call from here, however cheap, costs the scalar handlers registers. ----
#if CELLA_COMPUTED_GOTO
  L_simd:
#else
#define CELLA_SIMD_CASE_WASM(name, text, code, imm, sig) case Op::name:
#define CELLA_SIMD_CASE_OWN(name, words) case Op::k##name:
  CELLA_WASM_SIMD_OPCODES(CELLA_SIMD_CASE_WASM)
  CELLA_INTERP_SIMD_CANON_OPS(CELLA_SIMD_CASE_OWN)
#undef CELLA_SIMD_CASE_WASM
#undef CELLA_SIMD_CASE_OWN
#endif
  stop.at_simd = true;
  goto leave;

#define CELLA_LOWERED_HANDLER(name) HANDLER(name)
  CELLA_LOWERED_WASM_OPS(CELLA_LOWERED_HANDLER)
#undef CELLA_LOWERED_HANDLER
  goto invalid;

#if !CELLA_COMPUTED_GOTO
  default:
    goto invalid;
  }
#endif

do_call: {
  if (callee->is_host()) {
    frame->pc = static_cast<uint32_t>(ip - code);
    thread.fuel = fuel;
    bool ok = CallHost(*callee, fp + arg_base, inst, &stop);
    fuel = thread.fuel;
    if (!ok) goto leave;
    frame->pc = static_cast<uint32_t>(next_ip - code);
    goto reenter;  // the host may have grown a memory
  }
  if (thread.frames.size() >= thread.max_frames()) TRAP(kCallStackExhausted);
  const CompiledFunction* target = callee->code;
  uint64_t new_base = uint64_t{frame->base} + arg_base;
  if (new_base + target->frame_slots.load(std::memory_order_acquire) > capacity) {
    if (target->compiled()) TRAP(kCallStackExhausted);
    if (!CompileCallee(*callee, &stop)) goto leave;  // first call: compile, then call
    goto do_call;
  }
  frame->pc = static_cast<uint32_t>(next_ip - code);
  std::fill(slots + new_base + target->param_slots, slots + new_base + target->local_slots, uint64_t{0});
  PushFrame(thread.frames,
            Frame{target, callee->instance, target->fast.words.data(), 0, static_cast<uint32_t>(new_base), false});
  goto reenter;
}

do_return:  // results are at fp[0, n): pop the frame and continue in the caller
  thread.frames.pop_back();
  thread.fuel = fuel;
  if (thread.frames.size() == entry_depth) {
    stop.reason = StopReason::kReturned;
    return false;
  }
  return true;

do_tail_call: {  // the callee replaces the current frame (same base, same depth)
  if (callee->is_host()) {
    frame->pc = static_cast<uint32_t>(ip - code);
    thread.fuel = fuel;
    bool ok = CallHost(*callee, fp + arg_base, inst, &stop);
    fuel = thread.fuel;
    if (!ok) goto leave;
    uint32_t count = frame->func->result_count;  // the host's results are this function's
    std::memmove(fp, fp + arg_base, count * sizeof(uint64_t));
    goto do_return;
  }
  const CompiledFunction* target = callee->code;
  if (uint64_t{frame->base} + target->frame_slots.load(std::memory_order_acquire) > capacity) {
    if (target->compiled()) TRAP(kCallStackExhausted);
    if (!CompileCallee(*callee, &stop)) goto leave;  // first call: compile, then call
    goto do_tail_call;
  }
  if (arg_base != 0) std::memmove(fp, fp + arg_base, target->param_slots * sizeof(uint64_t));
  std::fill(fp + target->param_slots, fp + target->local_slots, uint64_t{0});
  frame->func = target;
  frame->step = false;
  frame->code = target->fast.words.data();
  frame->pc = 0;
  frame->instance = callee->instance;
  goto reenter;
}

do_throw: {  // unwinds to the catch arm in one step (no pause in between), or traps
  frame->pc = static_cast<uint32_t>(ip - code);
  Handler handler;
  if (!FindHandler(thread, entry_depth, &handler)) {
    stop.reason = StopReason::kTrapped;
    stop.trap = TrapKind::kUncaughtException;
    stop.message = DescribeTag(store, thread.in_flight.tag);  // after "uncaught exception: "
    thread.in_flight = Exception{};
    goto leave;
  }
  EnterHandler(thread, handler);
  goto reenter;
}

reenter:  // the top frame's pc is saved (or it is a new frame)
  thread.fuel = fuel;
  return true;

invalid:
  stop.reason = StopReason::kTrapped;
  stop.trap = TrapKind::kHostTrap;
  stop.message = "internal error: invalid internal opcode";

leave:
  frame->pc = static_cast<uint32_t>(ip - code);
  thread.fuel = fuel;
  return false;

#include "interp/slot_access_end.inc"
#undef TRAP
#undef TRAP_AS
#undef HANDLER
#undef DISPATCH
#undef PROFILE_DISPATCH
#undef NEXT
#undef JUMP
}

}  // namespace

Result<const Code*> StepCodeFor(const Frame& frame) {
  const CompiledFunction& func = *frame.func;
  CELLA_TRY(EnsureCompiled(func, *frame.instance->loaded));  // the step code follows the fast code
  Status status;
  std::lock_guard lock(func.compile_mutex);
  if (!func.step) {
    const runtime::LoadedModule& loaded = *frame.instance->loaded;
    CompileOptions options;
    options.metering = loaded.metering;
    options.canonicalize_nans = loaded.canonicalize_nans;
    auto step = CompileStepCode(*loaded.module, loaded.context, loaded.type_ids, options, func);
    if (step.ok()) {
      func.step = std::move(step).value();
    } else {
      status = std::move(step).error();
    }
  }
  if (!status.ok()) return std::move(status).error();
  return func.step.get();
}

Status SwitchToStep(Frame& frame) {
  const PausePoint* fast_point = frame.func->fast.FindPausePoint(frame.pc, false);
  if (fast_point == nullptr) {
    return MakeError(Errc::kTrap, "internal error: no pause point at fast pc " + std::to_string(frame.pc));
  }
  CELLA_ASSIGN_OR_RETURN(const Code* step, StepCodeFor(frame));
  const PausePoint* step_point = step->FindByOffset(fast_point->wasm_offset, false);
  if (step_point == nullptr) {
    return MakeError(Errc::kTrap, "internal error: no step position for offset " +
                                      std::to_string(fast_point->wasm_offset));
  }
  frame.code = step->words.data();
  frame.pc = step_point->pc;
  frame.step = true;
  return OkStatus();
}

Stop Run(Thread& thread, size_t entry_depth) {
  thread.running = true;
  Stop stop;
  for (;;) {
    if (RunLoop(thread, entry_depth, stop)) continue;
    if (stop.at_simd) {
      stop.at_simd = false;
      Frame& top = thread.frames.back();
      runtime::MemoryInst* memory = top.instance->memory0();
      const uint32_t* at = top.code + top.pc;
      SimdRun run = RunSimd(at, thread.slots() + top.base, memory ? memory->base() : nullptr,
                            memory ? memory->dirty() : nullptr, memory ? memory->size_bytes() : 0);
      top.pc = static_cast<uint32_t>(run.ip - top.code);
      if (!run.trapped && run.ip != at) continue;
      stop.reason = StopReason::kTrapped;
      stop.trap = run.trapped ? run.trap : TrapKind::kHostTrap;
      if (!run.trapped) stop.message = "internal error: invalid internal opcode";
    }
    if (stop.reason == StopReason::kOutOfFuel && !thread.frames.back().step) {
      // The block ahead costs more than is left: finish it one instruction at a time.
      Status switched = SwitchToStep(thread.frames.back());
      if (switched.ok()) continue;
      stop.reason = StopReason::kTrapped;
      stop.trap = TrapKind::kHostTrap;
      stop.message = switched.error().ToString();
    }
    if (stop.reason == StopReason::kTrapped) {
      const Frame& top = thread.frames.back();
      if (!top.step) {
        const Site* site = top.func->fast.FindSite(top.pc);
        if (site != nullptr && site->block != kNoBlock) {
          stop.refunded = top.func->fast.block_costs[site->block] - site->paid_through;
          thread.fuel += stop.refunded;
        }
      }
    }
    if (stop.reason == StopReason::kInterrupted) thread.interrupt->store(false);
    thread.running = false;
    return stop;
  }
}

}  // namespace cella::interp
