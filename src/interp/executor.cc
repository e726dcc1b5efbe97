// interp/executor.cc: the dispatch loop. One run of RunLoop stays in one instance, so
// the memory is fixed for the run; ip, the frame's slots (fp) and fuel vary (fuel is
// written back whenever the loop leaves or calls the host). Calls to compiled functions
// of the same instance and their returns switch frames in place; anything else that
// changes the top frame (a host call, a call into another instance, a tail call, a
// throw, a switch between fast and step code) or the memory's size saves the frame and
// returns asking to be run again; Run (below) starts the loop again on the new top
// frame. Wasm calls never recurse on the host stack. Handlers are written once
// (handlers.inc) and dispatched by tail calls between handler functions where the
// compiler guarantees them (clang), else by computed goto, else by a switch.
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
#include "interp/simd_ops.h"
#include "runtime/ref.h"

// Dispatch: tail calls where the compiler guarantees them (clang), else computed goto
// (gcc), else a switch. CELLA_INTERP_GOTO and CELLA_INTERP_SWITCH force the fallbacks.
#if defined(__clang__) && defined(__has_cpp_attribute)
#if __has_cpp_attribute(clang::musttail) && !defined(CELLA_INTERP_GOTO) && !defined(CELLA_INTERP_SWITCH)
#define CELLA_TAIL_CALLS 1
#endif
#endif
#ifndef CELLA_TAIL_CALLS
#define CELLA_TAIL_CALLS 0
#endif
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

// What one run of the loop holds fixed: the thread, the top frame and its function's
// code, instance and memory. Handlers reach it through `s`; ip, fp, fuel and the memory's
// base and size travel in registers.
struct LoopState {
  Thread* thread;
  runtime::StoreData* store;
  size_t entry_depth;
  const Frame* entry_end;  // frames.begin() + entry_depth: the run ends when the stack is back to it
  Stop* stop;
  Frame* frame;
  const uint32_t* code;
  runtime::InstanceData* inst;
  runtime::MemoryInst* memory;
  uint8_t* mem_dirty;
  const std::atomic<bool>* interrupt;
#if defined(CELLA_OP_PROFILE)
  uint32_t profiled_op = kOpCount;
#endif
};

// ---- Ways out of the loop. Each returns RunLoop's answer: true to run the (new) top
// frame, false when stopped. Out of line, so the handlers stay small. ----

// The parameters of every handler, and of the exits they jump to: the hot state.
#define CELLA_HANDLER_PARAMS                                                                \
  [[maybe_unused]] const uint32_t* ip, [[maybe_unused]] uint64_t* fp, [[maybe_unused]] uint64_t fuel, \
      [[maybe_unused]] uint8_t* mem_base, [[maybe_unused]] uint64_t mem_size, LoopState* s

// Saves the position and fuel; `stop` already says why the loop stops.
[[gnu::noinline]] bool Leave(CELLA_HANDLER_PARAMS) {
  s->frame->pc = static_cast<uint32_t>(ip - s->code);
  s->thread->fuel = fuel;
  return false;
}

// The block ahead costs more fuel than is left.
[[gnu::cold, gnu::noinline]] bool OutOfFuel(CELLA_HANDLER_PARAMS) {
  s->stop->reason = StopReason::kOutOfFuel;
  return Leave(ip, fp, fuel, mem_base, mem_size, s);
}

[[gnu::cold, gnu::noinline]] bool Interrupted(CELLA_HANDLER_PARAMS) {
  s->stop->reason = StopReason::kInterrupted;
  return Leave(ip, fp, fuel, mem_base, mem_size, s);
}

// The instruction at ip traps with s->stop->trap.
[[gnu::cold, gnu::noinline]] bool Trapped(CELLA_HANDLER_PARAMS) {
  s->stop->reason = StopReason::kTrapped;
  return Leave(ip, fp, fuel, mem_base, mem_size, s);
}

[[gnu::cold, gnu::noinline]] bool Invalid(CELLA_HANDLER_PARAMS) {
  s->stop->trap = TrapKind::kHostTrap;
  s->stop->message = "internal error: invalid internal opcode";
  return Trapped(ip, fp, fuel, mem_base, mem_size, s);
}

// For the out-of-line paths below, which hold no memory state.
bool TrapAt(const uint32_t* ip, uint64_t fuel, LoopState* s, TrapKind trap) {
  s->stop->trap = trap;
  return Trapped(ip, nullptr, fuel, nullptr, 0, s);
}

// The top frame's pc is saved (or it is a new frame).
inline bool Reenter(uint64_t fuel, LoopState* s) {
  s->thread->fuel = fuel;
  return true;
}

// The entry frame returned: Run's work is done.
[[gnu::noinline]] bool Returned(CELLA_HANDLER_PARAMS) {
  s->thread->fuel = fuel;
  s->stop->reason = StopReason::kReturned;
  return false;
}

// The frame returned to belongs to another instance: Run starts the loop again on it.
[[gnu::noinline]] bool ReturnedAcross(CELLA_HANDLER_PARAMS) { return Reenter(fuel, s); }

// Results are at fp[0, n): pops the frame; the caller continues.
[[gnu::noinline]] bool DoReturn(uint64_t fuel, LoopState* s) {
  Thread& thread = *s->thread;
  thread.frames.pop_back();
  thread.fuel = fuel;
  if (thread.frames.end() == s->entry_end) {
    s->stop->reason = StopReason::kReturned;
    return false;
  }
  return true;
}

// Saves the caller's position (`next_ip`) and pushes the frame of `code` (of `instance`,
// starting at `entry`) at slot `new_base`; returns the frame's first slot. The caller
// checked room on both stacks, and zeroes the locals.
[[gnu::always_inline]] inline uint64_t* PushCalleeFrame(LoopState* s, const CompiledFunction* code,
                                                        runtime::InstanceData* instance, const uint32_t* entry,
                                                        uint64_t new_base, const uint32_t* next_ip) {
  Thread& thread = *s->thread;
  s->frame->pc = static_cast<uint32_t>(next_ip - s->code);
  thread.frames.push_back(Frame{code, instance, entry, 0, static_cast<uint32_t>(new_base), false});
  return thread.slots() + new_base;
}

// The most locals (past the parameters) a call in the loop zeroes; more take DoCall.
constexpr uint32_t kInLoopLocals = 32;

// Makes `callee` a call target of `inst` when the loop can enter it itself: compiled wasm
// code of `inst` with at most kInLoopLocals locals. Called after a call's slow path.
void RememberCallTarget(runtime::InstanceData& inst, const runtime::FuncInst& callee) {
  if (callee.instance != &inst || callee.is_host() || !callee.code->compiled()) return;
  const CompiledFunction& code = *callee.code;
  if (code.local_slots - code.param_slots > kInLoopLocals) return;
  inst.call_targets[callee.func_index] =
      runtime::CallTarget{&code, code.fast.words.data(), code.frame_slots.load(std::memory_order_acquire),
                          code.param_slots, code.local_slots};
}

// The common call, which stays in this run of the loop: `target` is a call target of the
// running instance (so the memory is the same; RememberCallTarget) and both stacks have
// room. Saves the caller's position, pushes the callee's frame, zeroes its locals and
// makes it the loop's; returns false, changing nothing, when the call must take the slow
// path instead. Nothing here calls out, so the handlers using it save few registers.
[[gnu::always_inline]] inline bool EnterCallTarget(LoopState* s, const runtime::CallTarget& target, uint32_t arg_base,
                                                   const uint32_t* next_ip) {
  Thread& thread = *s->thread;
  const uint64_t new_base = uint64_t{s->frame->base} + arg_base;
  if (target.entry == nullptr || new_base + target.frame_slots > thread.slot_capacity() || thread.frames.full()) {
    return false;  // not a call target (yet), or a trap the slow path raises
  }
  uint64_t* const slots = PushCalleeFrame(s, target.code, s->inst, target.entry, new_base, next_ip);
  for (uint64_t* local = slots + target.param_slots; local < slots + target.local_slots; ++local) {
    *local = 0;
    asm("" : "+r"(local));  // stays a loop of stores: a memset call would cost the handler its registers
  }
  s->frame = &thread.frames.back();
  s->code = target.entry;
  return true;
}

// Calls `callee` with its arguments at fp[arg_base...]; the caller goes on at `next_ip`.
[[gnu::noinline]] bool DoCall(const uint32_t* ip, uint64_t* fp, uint64_t fuel, LoopState* s,
                              runtime::FuncInst* callee, uint32_t arg_base, const uint32_t* next_ip) {
  Thread& thread = *s->thread;
  Frame* const frame = s->frame;
  if (callee->is_host()) {
    frame->pc = static_cast<uint32_t>(ip - s->code);
    thread.fuel = fuel;
    if (!CallHost(*callee, fp + arg_base, s->inst, s->stop)) return false;
    frame->pc = static_cast<uint32_t>(next_ip - s->code);
    return true;  // the host may have grown a memory
  }
  if (thread.frames.full()) return TrapAt(ip, fuel, s, TrapKind::kCallStackExhausted);
  const CompiledFunction* target = callee->code;
  uint64_t new_base = uint64_t{frame->base} + arg_base;
  while (new_base + target->frame_slots.load(std::memory_order_acquire) > thread.slot_capacity()) {
    if (target->compiled()) return TrapAt(ip, fuel, s, TrapKind::kCallStackExhausted);
    if (!CompileCallee(*callee, s->stop)) return Leave(ip, fp, fuel, nullptr, 0, s);  // compile, then call
  }
  uint64_t* const slots =
      PushCalleeFrame(s, target, callee->instance, target->fast.words.data(), new_base, next_ip);
  std::fill(slots + target->param_slots, slots + target->local_slots, uint64_t{0});
  return Reenter(fuel, s);
}

// The calls EnterCallTarget turned down, from the call op at ip (with the handler
// signature, so the handlers leave by a tail call and keep no frame of their own).
// Each remembers the callee as a call target for the next time.
[[gnu::noinline]] bool CallSlow(CELLA_HANDLER_PARAMS) {
  runtime::FuncInst* const callee = s->inst->funcs[ip[1]];
  const bool again = DoCall(ip, fp, fuel, s, callee, ip[2], ip + 3);
  RememberCallTarget(*s->inst, *callee);
  return again;
}
[[gnu::noinline]] bool CallIndirectSlow(CELLA_HANDLER_PARAMS) {
  TrapKind trap;  // the handler found the callee: no trap here
  runtime::FuncInst* const callee =
      IndirectCallee(*s->store, *s->inst->tables[ip[2]], static_cast<uint32_t>(fp[ip[3]]), ip[1], &trap);
  const bool again = DoCall(ip, fp, fuel, s, callee, ip[4], ip + 5);
  RememberCallTarget(*s->inst, *callee);
  return again;
}

// The callee replaces the current frame (same base, same depth).
[[gnu::noinline]] bool DoTailCall(const uint32_t* ip, uint64_t* fp, uint64_t fuel, LoopState* s,
                                  runtime::FuncInst* callee, uint32_t arg_base) {
  Thread& thread = *s->thread;
  Frame* const frame = s->frame;
  if (callee->is_host()) {
    frame->pc = static_cast<uint32_t>(ip - s->code);
    thread.fuel = fuel;
    if (!CallHost(*callee, fp + arg_base, s->inst, s->stop)) return false;
    uint32_t count = frame->func->result_count;  // the host's results are this function's
    std::memmove(fp, fp + arg_base, count * sizeof(uint64_t));
    return DoReturn(thread.fuel, s);
  }
  const CompiledFunction* target = callee->code;
  while (uint64_t{frame->base} + target->frame_slots.load(std::memory_order_acquire) > thread.slot_capacity()) {
    if (target->compiled()) return TrapAt(ip, fuel, s, TrapKind::kCallStackExhausted);
    if (!CompileCallee(*callee, s->stop)) return Leave(ip, fp, fuel, nullptr, 0, s);  // compile, then call
  }
  if (arg_base != 0) std::memmove(fp, fp + arg_base, target->param_slots * sizeof(uint64_t));
  std::fill(fp + target->param_slots, fp + target->local_slots, uint64_t{0});
  frame->func = target;
  frame->step = false;
  frame->code = target->fast.words.data();
  frame->pc = 0;
  frame->instance = callee->instance;
  return Reenter(fuel, s);
}

// Unwinds to the catch arm of thread.in_flight in one step (no pause in between), or
// traps.
[[gnu::noinline]] bool DoThrow(const uint32_t* ip, uint64_t fuel, LoopState* s) {
  Thread& thread = *s->thread;
  s->frame->pc = static_cast<uint32_t>(ip - s->code);
  Handler handler;
  if (!FindHandler(thread, s->entry_depth, &handler)) {
    s->stop->message = DescribeTag(*s->store, thread.in_flight.tag);  // after "uncaught exception: "
    thread.in_flight = Exception{};
    return TrapAt(ip, fuel, s, TrapKind::kUncaughtException);
  }
  EnterHandler(thread, handler);
  return Reenter(fuel, s);
}

LoopState StateFor(Thread& thread, size_t entry_depth, Stop& stop) {
  Frame* frame = &thread.frames.back();
  runtime::MemoryInst* memory = frame->instance->memory0();
  return LoopState{&thread,     &thread.store(),         entry_depth, thread.frames.begin() + entry_depth,
                   &stop,       frame,                   frame->code,
                   frame->instance, memory,              memory ? memory->dirty() : nullptr,
                   thread.interrupt.get()};
}

// ---- The handlers' vocabulary (both dispatch modes) ----
#include "interp/slot_access.inc"
#define MEM_DIRTY (s->mem_dirty)
#define TRAP_AS(trap_kind)     \
  do {                         \
    s->stop->trap = (trap_kind); \
    EXIT(Trapped);             \
  } while (0)
#define TRAP(kind) TRAP_AS(TrapKind::kind)
#if defined(CELLA_OP_PROFILE)
#define PROFILE_DISPATCH()                    \
  do {                                        \
    CountDispatch(s->profiled_op, *ip);       \
    s->profiled_op = *ip;                     \
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
      if (fuel >= ip[1] && !s->interrupt->load(std::memory_order_relaxed)) {             \
        fuel -= ip[1];                                                                   \
        ip += 2;                                                                         \
      }                                                                                  \
    }                                                                                    \
    DISPATCH();                                                                          \
  } while (0)

#if CELLA_TAIL_CALLS
// Every handler is a function of the hot state, and ends by tail-calling the next one:
// the hot state stays in the argument registers from handler to handler.
using HandlerFn = bool (*)(CELLA_HANDLER_PARAMS);
#define HANDLER(name) bool H_##name(CELLA_HANDLER_PARAMS)
#define DISPATCH()                                                            \
  do {                                                                        \
    PROFILE_DISPATCH();                                                       \
    [[clang::musttail]] return kHandlers[*ip](ip, fp, fuel, mem_base, mem_size, s); \
  } while (0)
// Leaves through `exit`, one of the ways out above.
#define EXIT(exit) [[clang::musttail]] return exit(ip, fp, fuel, mem_base, mem_size, s)

#define CELLA_DECLARE_WASM(name, text, code, imm, sig) HANDLER(name);
#define CELLA_DECLARE_OWN(name, words) HANDLER(k##name);
CELLA_WASM_OPCODES(CELLA_DECLARE_WASM)
CELLA_INTERP_OWN_OPS(CELLA_DECLARE_OWN)
#undef CELLA_DECLARE_WASM
#undef CELLA_DECLARE_OWN

// Page-aligned: where the table falls within a page changed unrelated workloads' speed
// by up to 14% (gzip), as its entries and the slots' stores met at the same page
// offsets; aligned, every build has the same layout.
alignas(4096) constexpr HandlerFn kHandlers[] = {
#define CELLA_TARGET_WASM(name, text, code, imm, sig) &H_##name,
#define CELLA_TARGET_OWN(name, words) &H_k##name,
    CELLA_WASM_OPCODES(CELLA_TARGET_WASM)
    CELLA_INTERP_OWN_OPS(CELLA_TARGET_OWN)
#undef CELLA_TARGET_WASM
#undef CELLA_TARGET_OWN
};
static_assert(std::size(kHandlers) == kOpCount);

#include "interp/handlers.inc"

// Runs the top frame; returns true when the loop must start again on the (new) top
// frame, false when it stopped (`stop` says why). `stop` belongs to Run, so a re-entry
// costs no Stop of its own.
bool RunLoop(Thread& thread, size_t entry_depth, Stop& stop) {
  LoopState state = StateFor(thread, entry_depth, stop);
  runtime::MemoryInst* const memory = state.memory;
  const uint32_t* ip = state.code + state.frame->pc;
  return kHandlers[*ip](ip, thread.slots() + state.frame->base, thread.fuel, memory ? memory->base() : nullptr,
                        memory ? memory->size_bytes() : 0, &state);
}

#else  // !CELLA_TAIL_CALLS: one function, dispatched by computed goto or a switch

bool RunLoop(Thread& thread, size_t entry_depth, Stop& stop) {
  LoopState state = StateFor(thread, entry_depth, stop);
  LoopState* const s = &state;
  runtime::MemoryInst* const memory = state.memory;
  const uint32_t* ip = state.code + state.frame->pc;
  uint64_t* fp = thread.slots() + state.frame->base;
  uint8_t* const mem_base = memory ? memory->base() : nullptr;
  const uint64_t mem_size = memory ? memory->size_bytes() : 0;
  uint64_t fuel = thread.fuel;

#if CELLA_COMPUTED_GOTO
  static const void* const kTargets[] = {
#define CELLA_TARGET_WASM(name, text, code, imm, sig) &&L_##name,
#define CELLA_TARGET_SIMD_WASM(name, text, code, imm, sig) &&L_kSimdExit,
#define CELLA_TARGET_OWN(name, words) &&L_k##name,
#define CELLA_TARGET_SIMD_OWN(name, words) &&L_kSimdExit,
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
#define SIMD_EXIT_HANDLER HANDLER(kSimdExit)
#define EXIT(exit) return exit(ip, fp, fuel, mem_base, mem_size, s)
#define DISPATCH()             \
  do {                         \
    PROFILE_DISPATCH();        \
    goto* kTargets[*ip];       \
  } while (0)
#else
#define HANDLER(name) case Op::name:
#define EXIT(exit) return exit(ip, fp, fuel, mem_base, mem_size, s)
#define CELLA_SIMD_CASE_WASM(name, text, code, imm, sig) case Op::name:
#define CELLA_SIMD_CASE_OWN(name, words) case Op::k##name:
#define SIMD_EXIT_HANDLER                                 \
  CELLA_WASM_SIMD_OPCODES(CELLA_SIMD_CASE_WASM)           \
  CELLA_INTERP_SIMD_CANON_OPS(CELLA_SIMD_CASE_OWN)
#define DISPATCH()             \
  do {                         \
    PROFILE_DISPATCH();        \
    goto dispatch;             \
  } while (0)
#endif

  DISPATCH();

#if !CELLA_COMPUTED_GOTO
dispatch:
  switch (static_cast<Op>(*ip)) {
    default:
      EXIT(Invalid);
#endif

#include "interp/handlers.inc"

#if !CELLA_COMPUTED_GOTO
  }
#endif
}
#endif  // CELLA_TAIL_CALLS

#include "interp/slot_access_end.inc"
#undef MEM_DIRTY
#undef TRAP
#undef TRAP_AS
#undef HANDLER
#undef SIMD_EXIT_HANDLER
#undef EXIT
#undef CELLA_HANDLER_PARAMS
#undef DISPATCH
#undef PROFILE_DISPATCH
#undef NEXT
#undef JUMP

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
