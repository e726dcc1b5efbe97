// interp/compile_exceptions.cc: compiler cases for exception handling (try, catch,
// catch_all, delegate, throw, rethrow). A try body becomes a pc range with its handlers
// (interp/code.h, TryRegion); a catch arm is a block boundary whose stack is the try's
// stack below its params plus the payload, at canonical slots, where the unwinder
// (interp/unwind.cc) writes it. Structure markers (try, catch, catch_all, delegate) cost
// no fuel; throw and rethrow cost 1.
#include <algorithm>

#include "interp/compiler.h"

namespace cella::interp {

using wasm::Opcode;
using wasm::ValType;

uint32_t Compiler::CatchDepth() const {
  uint32_t depth = 0;
  for (const Control& c : controls_) depth += (c.kind == Opcode::Try && c.in_catch && !c.dead) ? 1 : 0;
  return depth;
}

void Compiler::OnTry(const wasm::Instr& instr) {
  Control c;
  c.kind = Opcode::Try;
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
  region.begin = pc();
  region.payload_slot = local_slots_ + c.slot_height;
  region.catch_level = CatchDepth();
  c.region = static_cast<uint32_t>(code_.try_regions.size());
  code_.try_regions.push_back(region);
  controls_.push_back(std::move(c));
}

void Compiler::EndTryBody(Control& c) {
  TryRegion& region = code_.try_regions[c.region];
  region.end = pc();
}

void Compiler::OnCatch(const wasm::Instr& instr) {
  Control& c = controls_.back();
  if (c.dead) return;
  if (!c.rest_unreachable) {  // the arm before falls through to the end
    MaterializeAll();
    Emit(Op::kJump);
    c.fixups.push_back(pc());
    Word(0);
  }
  if (!c.in_catch) EndTryBody(c);
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
    // it goes to the innermost try body around that label, else to the caller.
    size_t outer = controls_.size() - 1;
    size_t start = outer >= 1 + instr.index ? outer - 1 - instr.index : 0;
    region.delegate_to = kNoRegion;
    for (size_t i = start + 1; i-- > 0;) {
      const Control& o = controls_[i];
      if (o.kind == Opcode::Try && !o.in_catch && !o.dead) {
        region.delegate_to = o.region;
        break;
      }
    }
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
  MarkUnreachable();
}

void Compiler::OnRethrow(const wasm::Instr& instr) {
  PayFor(instr, 1);
  const Control& target = controls_[controls_.size() - 1 - instr.index];
  Emit(Op::kRethrow);
  Word(code_.try_regions[target.region].catch_level);
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
