// interp/compile_exceptions.cc: compiler cases for exception handling (try, catch,
// catch_all, delegate, throw, rethrow). A try body becomes a region with its handlers and
// its parent region (interp/code.h, TryRegion); every instruction that can throw records
// the innermost region around it; a catch arm is a block boundary whose stack is the try's
// stack below its params plus the payload, at canonical slots, where the unwinder
// (interp/unwind.cc) writes it. Structure markers (try, catch, catch_all, delegate) cost
// no fuel; throw and rethrow cost 1.
#include <algorithm>

#include "interp/compiler.h"

namespace cella::interp {

using wasm::Opcode;
using wasm::ValType;

void Compiler::OnTry(const wasm::Instr& instr) {
  Control c;
  c.kind = Opcode::Try;
  c.enclosing_region = CurrentRegion();
  if (Dead()) {
    c.dead = true;
    controls_.push_back(std::move(c));
    return;
  }
  BlockSignature(instr.block, &c.params, &c.results);
  uint32_t param_slots = 0;
  for (ValType t : c.params) param_slots += wasm::SlotCount(t);
  // A catch arm starts from the stack below the try: it must be in canonical slots.
  MaterializeAll();
  c.height = stack_.size() - c.params.size();
  c.slot_height = stack_slots_ - param_slots;
  TryRegion region;
  region.parent = CurrentRegion();
  region.payload_slot = local_slots_ + c.slot_height;
  region.catch_level = CatchDepth();
  c.region = static_cast<uint32_t>(code_.try_regions.size());
  code_.try_regions.push_back(region);
  open_regions_.push_back(c.region);
  controls_.push_back(std::move(c));
}

void Compiler::EndTryBody(Control& c) {
  if (!open_regions_.empty() && open_regions_.back() == c.region) open_regions_.pop_back();
}

void Compiler::OnCatch(const wasm::Instr& instr) {
  Control& c = controls_.back();
  if (c.dead) return;
  if (!c.rest_unreachable) {  // the arm before falls through to the end
    MaterializeAll();
    EmitJump();
    AddFixup(c);
  }
  if (!c.in_catch) {
    EndTryBody(c);
    ++catch_depth_;
  }
  RequestBoundary(false);
  CatchClause clause;
  clause.region = c.region;
  clause.tag = instr.op == Opcode::Catch ? instr.index : kCatchAll;
  clause.target = pc();
  code_.catches.push_back(clause);
  c.in_catch = true;
  c.rest_unreachable = false;
  while (stack_.size() > c.height) Pop();
  if (instr.op == Opcode::Catch) {
    for (ValType t : module_.types[module_.TagTypeIndex(instr.index)].params) PushTemp(t);
  }
}

void Compiler::OnDelegate(const wasm::Instr& instr) {
  Control& c = controls_.back();
  if (!c.dead) {
    if (!c.rest_unreachable) MaterializeAll();
    EndTryBody(c);
    TryRegion& region = code_.try_regions[c.region];
    region.delegates = true;
    // Label `index` counts from outside the try. The exception is thrown again there:
    // it goes to the innermost try body around that label (the label's own try, when it
    // is a try body), else to the caller.
    const Control& o = controls_[controls_.size() - 2 - instr.index];
    region.delegate_to = o.kind == Opcode::Try && !o.in_catch && !o.dead ? o.region : o.enclosing_region;
  }
  OnEnd(instr);  // the try ends here like a block (its region is already closed)
}

void Compiler::OnThrow(const wasm::Instr& instr) {
  PayFor(instr, 1);
  const wasm::FuncType& type = module_.types[module_.TagTypeIndex(instr.index)];
  size_t n = type.params.size();
  MaterializeFrom(stack_.size() - n);
  uint32_t slots = 0;
  for (ValType t : type.params) slots += wasm::SlotCount(t);
  uint32_t first = n == 0 ? 0 : stack_[stack_.size() - n].canonical;
  for (size_t i = 0; i < n; ++i) Pop();
  Emit(Op::kThrow);
  Word(instr.index);
  Word(first);
  Word(slots);
  Word(CurrentRegion());
  MarkUnreachable();
}

void Compiler::OnRethrow(const wasm::Instr& instr) {
  PayFor(instr, 1);
  const Control& target = controls_[controls_.size() - 1 - instr.index];
  Emit(Op::kRethrow);
  Word(code_.try_regions[target.region].catch_level);
  Word(CurrentRegion());
  MarkUnreachable();
}

void Compiler::FinishRegions() {
  std::stable_sort(code_.catches.begin(), code_.catches.end(),
                   [](const CatchClause& a, const CatchClause& b) { return a.region < b.region; });
  for (size_t i = 0; i < code_.catches.size(); ++i) {
    TryRegion& region = code_.try_regions[code_.catches[i].region];
    if (region.catches_count == 0) region.catches_begin = static_cast<uint32_t>(i);
    ++region.catches_count;
  }
}

}  // namespace cella::interp
