// api/store.cc: Store — fuel, calls into wasm on the engine-managed stack, traps with
// backtraces, pausing and resuming, and inspection of paused frames in wasm coordinates.
#include <algorithm>

#include "api/impl.h"
#include "interp/function_compile.h"
#include "interp/unwind.h"
#include "runtime/ref.h"

namespace cella {
namespace detail {

StoreImpl::StoreImpl(Store* store, const Engine& e)
    : self(store),
      engine(e),
      thread(&data, e.config().limits.max_stack_slots, e.config().limits.max_call_depth) {}

Status StoreImpl::Idle() const {
  if (thread.running) {
    return MakeError(Errc::kBusy, "a host function cannot call back into the store that called it");
  }
  if (paused) {
    return MakeError(Errc::kBusy, "the store holds a paused call: Resume() or AbandonPausedCall() first");
  }
  return OkStatus();
}

Status StoreImpl::CheckRef(const Value& value) const {
  if (value.type() != ValType::kFuncRef || value.is_null_ref()) return OkStatus();
  if (value.raw_bits() - 1 >= data.funcs.size()) {
    return MakeError(Errc::kInvalidArgument, "funcref does not name a function of this store");
  }
  return OkStatus();
}

Status StoreImpl::CheckArgs(const FuncType& type, std::span<const Value> args) const {
  if (args.size() != type.params.size()) {
    return MakeError(Errc::kInvalidArgument, "expected " + std::to_string(type.params.size()) +
                                                 " arguments for " + type.ToString() + ", got " +
                                                 std::to_string(args.size()));
  }
  for (size_t i = 0; i < args.size(); ++i) {
    if (args[i].type() != type.params[i]) {
      return MakeError(Errc::kInvalidArgument, "argument " + std::to_string(i) + " must be " +
                                                   std::string(ValTypeName(type.params[i])) + ", got " +
                                                   std::string(ValTypeName(args[i].type())));
    }
    CELLA_TRY(CheckRef(args[i]));
  }
  return OkStatus();
}

std::vector<BacktraceFrame> StoreImpl::Backtrace() const {
  std::vector<BacktraceFrame> frames;
  for (size_t i = thread.frames.size(); i-- > 0;) {
    const interp::Frame& frame = thread.frames[i];
    const interp::Code& code = frame.step ? *frame.func->step : frame.func->fast;
    bool top = i + 1 == thread.frames.size();
    // A caller frame waits after its call instruction; its site is the call itself.
    const interp::Site* site = code.FindSite(top ? frame.pc : frame.pc - 1);
    BacktraceFrame out;
    out.func_index = frame.func->func_index;
    out.func_name = FunctionDisplayName(*frame.instance->module, frame.func->func_index);
    out.module_name = frame.instance->loaded->name;
    out.module_offset = site != nullptr ? site->wasm_offset : frame.func->body_offset;
    frames.push_back(std::move(out));
  }
  return frames;
}

TrapInfo StoreImpl::MakeTrap(const interp::Stop& stop) const {
  TrapInfo trap;
  if (stop.reason == interp::StopReason::kExit) {
    trap.kind = TrapKind::kExit;
    trap.exit_code = stop.exit_code;
    trap.message = "exit with code " + std::to_string(stop.exit_code);
  } else {
    trap.kind = stop.trap;
    trap.message = std::string(TrapMessage(stop.trap));
    if (!stop.message.empty()) trap.message += ": " + stop.message;
  }
  trap.backtrace = Backtrace();
  return trap;
}

CallOutcome StoreImpl::RunAndFinish(const FuncType& type) {
  run_start_fuel = thread.fuel;
  interp::Stop stop = interp::Run(thread, 0);
  fuel_consumed += run_start_fuel - thread.fuel;
  CallOutcome outcome;
  switch (stop.reason) {
    case interp::StopReason::kReturned: {
      outcome.status = CallOutcome::Status::kReturned;
      const uint64_t* slots = thread.slots();
      uint32_t slot = 0;
      for (ValType t : type.results) {
        outcome.results.push_back(ValueFromSlots(t, slots + slot));
        slot += wasm::SlotCount(t);
      }
      paused = false;
      return outcome;
    }
    case interp::StopReason::kOutOfFuel:
    case interp::StopReason::kInterrupted:
      outcome.status = CallOutcome::Status::kPaused;
      outcome.pause = stop.reason == interp::StopReason::kOutOfFuel ? PauseReason::kOutOfFuel
                                                                     : PauseReason::kInterrupted;
      paused = true;
      paused_type = &type;
      return outcome;
    case interp::StopReason::kTrapped:
    case interp::StopReason::kExit:
      outcome.status = CallOutcome::Status::kTrapped;
      outcome.trap = MakeTrap(stop);
      thread.frames.clear();
      thread.caught.clear();
      paused = false;
      return outcome;
  }
  return outcome;
}

CallOutcome StoreImpl::Invoke(uint32_t address, std::span<const Value> args) {
  runtime::FuncInst& func = *data.funcs[address];
  const FuncType& type = *func.type;
  if (func.is_host()) {
    size_t slots_needed = 0;
    for (ValType t : type.params) slots_needed += wasm::SlotCount(t);
    size_t result_slots = 0;
    for (ValType t : type.results) result_slots += wasm::SlotCount(t);
    std::vector<uint64_t> slots(std::max(slots_needed, result_slots) + 1, 0);
    size_t slot = 0;
    for (const Value& v : args) {
      ValueToSlots(v, slots.data() + slot);
      slot += wasm::SlotCount(v.type());
    }
    runtime::HostCall call;
    call.slots = slots.data();
    runtime::HostStatus status = func.host(call);
    CallOutcome outcome;
    if (status == runtime::HostStatus::kOk) {
      slot = 0;
      for (ValType t : type.results) {
        outcome.results.push_back(ValueFromSlots(t, slots.data() + slot));
        slot += wasm::SlotCount(t);
      }
      return outcome;
    }
    outcome.status = CallOutcome::Status::kTrapped;
    interp::Stop stop;
    stop.reason = status == runtime::HostStatus::kExit ? interp::StopReason::kExit : interp::StopReason::kTrapped;
    stop.trap = TrapKind::kHostTrap;
    stop.message = call.trap_message;
    stop.exit_code = call.exit_code;
    outcome.trap = MakeTrap(stop);
    return outcome;
  }

  const interp::CompiledFunction& code = *func.code;
  Status compiled = interp::EnsureCompiled(code, *func.instance->loaded);
  if (!compiled.ok()) {
    CallOutcome outcome;
    outcome.status = CallOutcome::Status::kTrapped;
    outcome.trap.kind = TrapKind::kHostTrap;
    outcome.trap.message = "internal error: function " + std::to_string(func.func_index) +
                           " could not be compiled: " + compiled.error().ToString();
    return outcome;
  }
  Status stack = thread.EnsureStack();
  if (!stack.ok() || code.frame_slots.load() > thread.slot_capacity() || thread.max_frames() == 0) {
    CallOutcome outcome;
    outcome.status = CallOutcome::Status::kTrapped;
    outcome.trap.kind = TrapKind::kCallStackExhausted;
    outcome.trap.message = std::string(TrapMessage(TrapKind::kCallStackExhausted));
    if (!stack.ok()) outcome.trap.message += ": " + stack.error().ToString();
    return outcome;
  }
  uint64_t* slots = thread.slots();
  size_t slot = 0;
  for (const Value& v : args) {
    ValueToSlots(v, slots + slot);
    slot += wasm::SlotCount(v.type());
  }
  std::fill(slots + code.param_slots, slots + code.local_slots, uint64_t{0});
  thread.frames.clear();
  thread.caught.clear();
  thread.frames.push_back(interp::Frame{&code, func.instance, code.fast.words.data(), 0, 0, false});
  return RunAndFinish(type);
}

Extern StoreImpl::MakeExtern(const runtime::ExternAddr& addr) {
  switch (addr.kind) {
    case ExternKind::kFunc: return MakeFunction(addr.address);
    case ExternKind::kTable: return MakeTable(addr.address);
    case ExternKind::kMemory: return MakeMemory(addr.address);
    case ExternKind::kGlobal: return MakeGlobal(addr.address);
    case ExternKind::kTag: return MakeTag(addr.address);
  }
  return MakeFunction(addr.address);
}

}  // namespace detail

Store::Store(const Engine& engine) : impl_(std::make_unique<detail::StoreImpl>(this, engine)) {}
Store::~Store() = default;

const Engine& Store::engine() const { return impl_->engine; }

void Store::SetFuel(uint64_t fuel) {
  detail::StoreImpl& impl = *impl_;
  // From a host function during a run: keep what the run has consumed so far.
  if (impl.thread.running) impl.run_start_fuel = impl.run_start_fuel - impl.thread.fuel + fuel;
  impl.thread.fuel = fuel;
}

Status Store::AddFuel(uint64_t fuel) {
  detail::StoreImpl& impl = *impl_;
  uint64_t& tank = impl.thread.fuel;
  if (tank > UINT64_MAX - fuel) return MakeError(Errc::kInvalidArgument, "fuel would overflow 2^64 - 1");
  tank += fuel;
  if (impl.thread.running) impl.run_start_fuel += fuel;
  return OkStatus();
}

uint64_t Store::fuel() const { return impl_->thread.fuel; }
uint64_t Store::fuel_consumed() const {
  // During a run (from a host function) the tank holds what is left so far.
  const detail::StoreImpl& impl = *impl_;
  return impl.fuel_consumed + (impl.thread.running ? impl.run_start_fuel - impl.thread.fuel : 0);
}

InterruptHandle Store::interrupt_handle() const { return InterruptHandle(impl_->thread.interrupt); }

bool Store::has_paused_call() const { return impl_->paused; }

Result<CallOutcome> Store::Resume() {
  if (!impl_->paused) return MakeError(Errc::kNotPaused, "no paused call to resume");
  if (impl_->thread.running) return MakeError(Errc::kBusy, "the store is running");
  return impl_->RunAndFinish(*impl_->paused_type);
}

void Store::AbandonPausedCall() {
  impl_->thread.frames.clear();
  impl_->thread.caught.clear();
  impl_->paused = false;
}

std::vector<FrameInfo> Store::PausedFrames() const {
  std::vector<FrameInfo> out;
  if (!impl_->paused) return out;
  const interp::Thread& thread = impl_->thread;
  const uint64_t* slots = thread.slots();
  for (size_t i = thread.frames.size(); i-- > 0;) {
    const interp::Frame& frame = thread.frames[i];
    const interp::CompiledFunction& func = *frame.func;
    const interp::Code& code = frame.step ? *func.step : func.fast;
    bool top = i + 1 == thread.frames.size();
    const interp::PausePoint* point = code.FindPausePoint(frame.pc, !top);
    FrameInfo info;
    info.func_index = func.func_index;
    info.func_name = detail::FunctionDisplayName(*frame.instance->module, func.func_index);
    const uint64_t* base = slots + frame.base;
    for (size_t l = 0; l < func.local_types.size(); ++l) {
      info.locals.push_back(detail::ValueFromSlots(func.local_types[l], base + func.local_slot_of[l]));
    }
    if (point != nullptr) {
      info.module_offset = point->wasm_offset;
      info.body_offset = point->wasm_offset - func.body_offset;
      uint32_t slot = func.local_slots;
      for (ValType t : code.StackTypes(*point)) {
        info.stack.push_back(detail::ValueFromSlots(t, base + slot));
        slot += wasm::SlotCount(t);
      }
      // Exceptions held by the catch arms open here: levels [0, catch_depth).
      for (uint32_t level = 0; level < point->catch_depth; ++level) {
        const interp::CaughtException* held = interp::FindCaught(thread, i, level);
        if (held == nullptr) continue;  // cannot happen: entering an arm records it
        HeldException h;
        const auto& tag_addrs = frame.instance->tag_addrs;
        auto it = std::find(tag_addrs.begin(), tag_addrs.end(), held->exception.tag);
        h.tag_index = it == tag_addrs.end() ? FrameInfo::kForeignTag : static_cast<uint32_t>(it - tag_addrs.begin());
        const FuncType& tag_type = *impl_->data.tags[held->exception.tag]->type;
        size_t s = 0;
        for (ValType t : tag_type.params) {
          h.payload.push_back(detail::ValueFromSlots(t, held->exception.payload.data() + s));
          s += wasm::SlotCount(t);
        }
        info.held_exceptions.push_back(std::move(h));
      }
    }
    out.push_back(std::move(info));
  }
  return out;
}

Status Store::RestorePausedCall(const Instance& instance, std::span<const FrameInfo> frames) {
  detail::StoreImpl& impl = *impl_;
  CELLA_TRY(impl.Idle());
  if (&instance.store() != this) return MakeError(Errc::kInvalidArgument, "the instance belongs to another store");
  if (frames.empty()) return MakeError(Errc::kInvalidArgument, "a paused call needs at least one frame");
  interp::Thread& thread = impl.thread;
  if (frames.size() > thread.max_frames()) {
    return MakeError(Errc::kResourceLimit, std::to_string(frames.size()) + " frames exceed the call depth limit of " +
                                               std::to_string(thread.max_frames()));
  }
  CELLA_TRY(thread.EnsureStack());
  runtime::InstanceData& inst = *impl.data.instances[instance.index()];
  auto defined = [&](uint32_t index) -> const runtime::FuncInst* {
    if (index >= inst.funcs.size()) return nullptr;
    const runtime::FuncInst* f = inst.funcs[index];
    return !f->is_host() && f->instance == &inst ? f : nullptr;
  };

  std::vector<interp::Frame> built;
  std::vector<interp::CaughtException> caught;
  uint64_t base = 0;
  for (size_t k = frames.size(); k-- > 0;) {  // outermost first
    const FrameInfo& info = frames[k];
    const bool top = k == 0;
    std::string where = "frame " + std::to_string(k) + " (function " + std::to_string(info.func_index) + ")";
    auto bad = [&](const std::string& what) { return MakeError(Errc::kInvalidArgument, where + ": " + what); };
    const runtime::FuncInst* func = defined(info.func_index);
    if (func == nullptr) return bad("not a function defined by the instance");
    const interp::CompiledFunction& code = *func->code;
    interp::Frame frame{&code, &inst, nullptr, 0, static_cast<uint32_t>(base), true};
    CELLA_ASSIGN_OR_RETURN(const interp::Code* step, interp::StepCodeFor(frame));
    uint64_t module_offset = uint64_t{code.body_offset} + info.body_offset;
    const interp::PausePoint* point =
        module_offset > UINT32_MAX ? nullptr : step->FindByOffset(static_cast<uint32_t>(module_offset), !top);
    if (point == nullptr) {
      return bad("body offset " + std::to_string(info.body_offset) +
                 (top ? " is not an instruction boundary" : " is not the position after a call"));
    }
    if (!top) {
      const runtime::FuncInst* callee = defined(frames[k - 1].func_index);
      if (callee == nullptr || callee->type_id != point->call_type_id) {
        return bad("the next frame's function does not have the type of the call it returns to");
      }
    }
    if (info.locals.size() != code.local_types.size()) {
      return bad("has " + std::to_string(info.locals.size()) + " locals, the function has " +
                 std::to_string(code.local_types.size()));
    }
    std::vector<ValType> stack_types = step->StackTypes(*point);
    if (info.stack.size() != stack_types.size()) {
      return bad("has " + std::to_string(info.stack.size()) + " operand values, " +
                 std::to_string(stack_types.size()) + " expected there");
    }
    uint32_t stack_slots = 0;
    for (ValType t : stack_types) stack_slots += wasm::SlotCount(t);
    if (base + code.frame_slots.load() > thread.slot_capacity()) {
      return MakeError(Errc::kResourceLimit, where + ": the frames exceed the value stack limit");
    }
    uint64_t* slots = thread.slots() + base;
    for (size_t l = 0; l < info.locals.size(); ++l) {
      if (info.locals[l].type() != code.local_types[l]) return bad("local " + std::to_string(l) + " has the wrong type");
      CELLA_TRY(impl.CheckRef(info.locals[l]));
      detail::ValueToSlots(info.locals[l], slots + code.local_slot_of[l]);
    }
    uint32_t slot = code.local_slots;
    for (size_t v = 0; v < info.stack.size(); ++v) {
      if (info.stack[v].type() != stack_types[v]) return bad("operand " + std::to_string(v) + " has the wrong type");
      CELLA_TRY(impl.CheckRef(info.stack[v]));
      detail::ValueToSlots(info.stack[v], slots + slot);
      slot += wasm::SlotCount(stack_types[v]);
    }
    if (info.held_exceptions.size() != point->catch_depth) {
      return bad("holds " + std::to_string(info.held_exceptions.size()) + " caught exceptions, " +
                 std::to_string(point->catch_depth) + " catch arms are open there");
    }
    for (uint32_t level = 0; level < point->catch_depth; ++level) {
      const HeldException& h = info.held_exceptions[level];
      std::string which = "caught exception " + std::to_string(level);
      if (h.tag_index >= inst.tag_addrs.size()) return bad(which + ": no tag " + std::to_string(h.tag_index));
      interp::Exception exception;
      exception.tag = inst.tag_addrs[h.tag_index];
      const FuncType& tag_type = *inst.tags[h.tag_index]->type;
      if (h.payload.size() != tag_type.params.size()) return bad(which + ": wrong payload count");
      for (size_t v = 0; v < h.payload.size(); ++v) {
        if (h.payload[v].type() != tag_type.params[v]) return bad(which + ": payload " + std::to_string(v) + " has the wrong type");
        CELLA_TRY(impl.CheckRef(h.payload[v]));
        uint64_t value_slots[2] = {0, 0};
        detail::ValueToSlots(h.payload[v], value_slots);
        for (uint32_t w = 0; w < wasm::SlotCount(tag_type.params[v]); ++w) exception.payload.push_back(value_slots[w]);
      }
      caught.push_back(interp::CaughtException{static_cast<uint32_t>(built.size()), level, std::move(exception)});
    }
    frame.code = step->words.data();
    frame.pc = point->pc;
    built.push_back(frame);
    base += code.local_slots + stack_slots;
  }
  thread.frames.clear();
  for (const interp::Frame& frame : built) thread.frames.push_back(frame);  // fits: checked against max_frames above
  thread.caught = std::move(caught);
  impl.paused = true;
  impl.paused_type = inst.funcs[frames.back().func_index]->type;
  return OkStatus();
}

Function Store::CreateHostFunction(FuncType type, HostCallback callback, std::string debug_name) {
  detail::StoreImpl& impl = *impl_;
  auto func = std::make_unique<runtime::FuncInst>();
  func->type_id = impl.engine.impl()->types.Intern(type);
  func->type = &impl.engine.impl()->types.Get(func->type_id);
  func->debug_name = std::move(debug_name);
  const FuncType* interned = func->type;
  func->host = [this, interned, callback = std::move(callback)](runtime::HostCall& call) {
    std::vector<Value> args;
    size_t slot = 0;
    for (ValType t : interned->params) {
      args.push_back(detail::ValueFromSlots(t, call.slots + slot));
      slot += wasm::SlotCount(t);
    }
    std::vector<Value> results;
    for (ValType t : interned->results) results.push_back(Value::Zero(t));
    std::optional<Instance> caller;
    std::optional<Memory> memory;
    if (call.caller != nullptr) {
      caller = impl_->MakeInstance(call.caller->index);
      auto it = call.caller->exports.find("memory");
      if (it != call.caller->exports.end() && it->second.kind == ExternKind::kMemory) {
        memory = impl_->MakeMemory(it->second.address);
      } else if (!call.caller->memory_addrs.empty()) {
        memory = impl_->MakeMemory(call.caller->memory_addrs[0]);
      }
    }
    HostContext context(this, caller ? &*caller : nullptr, memory);
    HostOutcome outcome = callback(context, args, results);
    switch (outcome.kind()) {
      case HostOutcome::Kind::kOk: {
        slot = 0;
        for (size_t r = 0; r < results.size(); ++r) {
          Value v = results[r].type() == interned->results[r] ? results[r] : Value::Zero(interned->results[r]);
          detail::ValueToSlots(v, call.slots + slot);
          slot += wasm::SlotCount(v.type());
        }
        return runtime::HostStatus::kOk;
      }
      case HostOutcome::Kind::kTrap:
        call.trap_message = outcome.message();
        return runtime::HostStatus::kTrap;
      case HostOutcome::Kind::kExit:
        call.exit_code = outcome.exit_code();
        return runtime::HostStatus::kExit;
    }
    return runtime::HostStatus::kOk;
  };
  uint32_t address = runtime::StoreData::Add(impl.data.funcs, std::move(func));
  return impl.MakeFunction(address);
}

Result<Memory> Store::CreateMemory(const MemoryType& type) {
  CELLA_ASSIGN_OR_RETURN(auto memory,
                         runtime::MemoryInst::Create(type, impl_->engine.config().limits.max_memory_pages));
  uint32_t address = runtime::StoreData::Add(impl_->data.memories, std::move(memory));
  return impl_->MakeMemory(address);
}

Table Store::CreateTable(const TableType& type, const Value& init) {
  auto table = std::make_unique<runtime::TableInst>();
  table->type = type;
  table->max_elements = std::min<uint64_t>(type.limits.max.value_or(UINT32_MAX),
                                           impl_->engine.config().limits.max_table_elements);
  table->elements.assign(std::min<uint64_t>(type.limits.min, table->max_elements), init.raw_bits());
  uint32_t address = runtime::StoreData::Add(impl_->data.tables, std::move(table));
  return impl_->MakeTable(address);
}

Result<Tag> Store::CreateTag(const FuncType& type) {
  if (!type.results.empty()) return MakeError(Errc::kInvalidArgument, "a tag's type has no results");
  auto tag = std::make_unique<runtime::TagInst>();
  tag->type_id = impl_->engine.impl()->types.Intern(type);
  tag->type = &impl_->engine.impl()->types.Get(tag->type_id);
  uint32_t address = runtime::StoreData::Add(impl_->data.tags, std::move(tag));
  return impl_->MakeTag(address);
}

Global Store::CreateGlobal(const GlobalType& type, const Value& value) {
  auto global = std::make_unique<runtime::GlobalInst>();
  global->type = type;
  detail::ValueToSlots(value, global->value);
  uint32_t address = runtime::StoreData::Add(impl_->data.globals, std::move(global));
  return impl_->MakeGlobal(address);
}

}  // namespace cella
