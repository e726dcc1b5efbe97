// interp/compiler.cc: operand-stack model, fuel blocks, pause points and structured
// control flow of the compiler (instruction classes are in compile_ops.cc).
//
// Fuel blocks: a block starts at a boundary — function entry, loop header, the target of
// a branch (a block's end, an if's arms), after br_if and after a call — and its Charge is
// emitted lazily before its first costed instruction. Inside a block nothing can skip an
// instruction without leaving the block, so charging the sum on entry is exact; a trap
// refunds what the block did not run (Site::paid_through). At every boundary the operand
// stack is canonical, which is what lets execution switch between fast and step code.
#include "interp/compiler.h"

#include <algorithm>

namespace cella::interp {

using wasm::Opcode;
using wasm::ValType;

namespace {

template <class T>
std::vector<T> ExactCopy(const std::vector<T>& v) {
  return std::vector<T>(v.begin(), v.end());
}

}  // namespace

void Compiler::Scratch::Clear() {
  base::ClearForReuse(code.words, code.try_regions, code.catches, code.sites, code.block_costs, code.pause_points,
                      code.stack_types);
  base::ClearForReuse(local_types, local_slot_of, stack, controls, open_regions, refunds, pairs);
}

Compiler::Compiler(const wasm::Module& module, std::span<const uint32_t> type_ids, CompileOptions options)
    : module_(module),
      type_ids_(type_ids),
      options_(options),
      optimize_(options.mode == CodeMode::kFast),
      code_(scratch_->code),
      local_types_(scratch_->local_types),
      local_slot_of_(scratch_->local_slot_of),
      stack_(scratch_->stack),
      controls_(scratch_->controls),
      open_regions_(scratch_->open_regions),
      refunds_(scratch_->refunds),
      pairs_(scratch_->pairs) {}

Code Compiler::TakeCode() const {
  Code code;
  code.words = ExactCopy(code_.words);
  code.try_regions = ExactCopy(code_.try_regions);
  code.catches = ExactCopy(code_.catches);
  code.sites = ExactCopy(code_.sites);
  code.block_costs = ExactCopy(code_.block_costs);
  code.pause_points = ExactCopy(code_.pause_points);
  code.stack_types = ExactCopy(code_.stack_types);
  return code;
}

void Compiler::BeginFunction(uint32_t func_index, const wasm::FuncType& type, std::span<const ValType> locals) {
  // Size the code's tables from the body's length (about one instruction per 3 bytes), so
  // they are not regrown and copied a dozen times while the body is compiled.
  const uint32_t defined = func_index - module_.num_imported_funcs();
  if (defined < module_.code.size()) {
    const size_t body_bytes = module_.code[defined].code.size;
    code_.words.reserve(body_bytes + 16);
    code_.sites.reserve(body_bytes / 3 + 4);
    if (options_.mode == CodeMode::kFast) {
      code_.pause_points.reserve(body_bytes / 12 + 4);
      code_.block_costs.reserve(body_bytes / 12 + 4);
    }
  }
  open_regions_.clear();
  catch_depth_ = 0;
  local_types_.assign(locals.begin(), locals.end());
  local_slot_of_.clear();
  local_slots_ = 0;
  for (ValType t : local_types_) {
    local_slot_of_.push_back(local_slots_);
    local_slots_ += wasm::SlotCount(t);
  }
  results_ = type.results;
  Control body;
  body.kind = Opcode::Block;
  body.results = type.results;
  body.function = true;
  controls_.push_back(std::move(body));
  need_boundary_ = true;
  need_check_ = true;
}

Status Compiler::EndFunction() {
  CloseBlock();
  FinishRegions();
  if (!controls_.empty()) return MakeError(Errc::kEndExpected, "function body ended inside a block");
  return OkStatus();
}

// ---------------------------------------------------------------- operand stack

Compiler::Operand Compiler::Pop() {
  Operand op = stack_.back();
  stack_.pop_back();
  stack_slots_ -= wasm::SlotCount(op.type);
  return op;
}

void Compiler::PushAt(ValType type, uint32_t slot) {
  uint32_t canonical = NextCanonical();
  stack_.push_back(Operand{type, slot, canonical});
  stack_slots_ += wasm::SlotCount(type);
  max_stack_slots_ = std::max(max_stack_slots_, stack_slots_);
}

void Compiler::PushTemp(ValType type) { PushAt(type, NextCanonical()); }

void Compiler::PushConst(ValType type, uint64_t bits) {
  PushAt(type, kConstSlot);
  stack_.back().bits = bits;
}

void Compiler::EmitConst(uint32_t dst, ValType type, uint64_t bits) {
  if (type == ValType::kI64 || type == ValType::kF64) {
    Emit(Op::kConst64);
    Word(dst);
    Word(static_cast<uint32_t>(bits));
    Word(static_cast<uint32_t>(bits >> 32));
  } else {
    Emit(Op::kConst32);
    Word(dst);
    Word(static_cast<uint32_t>(bits));
  }
}

uint32_t Compiler::Use(const Operand& op) {
  if (op.slot != kConstSlot) return op.slot;
  EmitConst(op.canonical, op.type, op.bits);
  return op.canonical;
}

void Compiler::EmitMove(uint32_t dst, const Operand& op) {
  if (op.slot == kConstSlot) {
    EmitConst(dst, op.type, op.bits);
  } else {
    EmitCopy(dst, op.slot, op.type);
  }
}

void Compiler::EmitCopy(uint32_t dst, uint32_t src, ValType type) {
  if (dst == src) return;
  if (type == ValType::kV128) {
    Emit(Op::kCopy128);
    Word(dst);
    Word(src);
    return;
  }
  if (last_copy_ != UINT32_MAX && last_copy_ + OpWords(Op::kCopy) == pc()) {
    // Right after another Copy, with no way in between: one Copy2 does both.
    code_.words[last_copy_] = static_cast<uint32_t>(Op::kCopy2);
    Word(dst);
    Word(src);
    last_copy_ = UINT32_MAX;
    return;
  }
  Emit(Op::kCopy);
  if (optimize_) last_copy_ = pc() - 1;
  Word(dst);
  Word(src);
}

void Compiler::EmitJump() {
  if (last_copy_ != UINT32_MAX && last_copy_ + OpWords(Op::kCopy) == pc()) {
    code_.words[last_copy_] = static_cast<uint32_t>(Op::kCopyJump);
    last_copy_ = UINT32_MAX;
    last_dst_word_ = UINT32_MAX;
    return;
  }
  if (optimize_ && last_op_ != UINT32_MAX && last_op_ + OpWords(Op::kI32AddImm) == pc() &&
      code_.words[last_op_] == static_cast<uint32_t>(Op::kI32AddImm)) {
    UnpairFrom(last_op_);  // a pair ending here keeps its first add only
    code_.words[last_op_] = static_cast<uint32_t>(Op::kI32AddImmJump);
    last_dst_word_ = UINT32_MAX;
    return;
  }
  Emit(Op::kJump);
}

void Compiler::EmitConst128(uint32_t dst, uint64_t lo, uint64_t hi) {
  Emit(Op::kConst128);
  Word(dst);
  Word(static_cast<uint32_t>(lo));
  Word(static_cast<uint32_t>(lo >> 32));
  Word(static_cast<uint32_t>(hi));
  Word(static_cast<uint32_t>(hi >> 32));
}

void Compiler::EmitWithResult(Op op, ValType result_type) {
  Emit(op);
  uint32_t dst_word = pc();
  PushTemp(result_type);
  Word(stack_.back().slot);
  last_dst_word_ = dst_word;
}

void Compiler::MaterializeFrom(size_t first) {
  for (size_t i = first; i < stack_.size(); ++i) {
    Operand& op = stack_[i];
    if (op.slot != op.canonical) {
      EmitMove(op.canonical, op);
      op.slot = op.canonical;
    }
  }
}

void Compiler::MaterializeAll() { MaterializeFrom(0); }

void Compiler::MaterializeLocal(uint32_t slot) {
  for (Operand& op : stack_) {
    if (op.slot == slot && op.slot != op.canonical) {
      EmitCopy(op.canonical, op.slot, op.type);
      op.slot = op.canonical;
    }
  }
}

std::vector<ValType> Compiler::StackTypes() const {
  std::vector<ValType> types;
  types.reserve(stack_.size());
  for (const Operand& op : stack_) types.push_back(op.type);
  return types;
}

// ---------------------------------------------------------------- fuel and positions

void Compiler::AddPausePoint(uint32_t at_pc, uint32_t wasm_offset, bool return_site, size_t stack_count,
                             uint32_t call_type_id) {
  PausePoint point;
  point.call_type_id = call_type_id;
  point.pc = at_pc;
  point.wasm_offset = wasm_offset;
  point.return_site = return_site;
  point.types_begin = static_cast<uint32_t>(code_.stack_types.size());
  point.types_count = static_cast<uint32_t>(stack_count);
  for (size_t i = 0; i < stack_count; ++i) code_.stack_types.push_back(stack_[i].type);
  point.catch_depth = CatchDepth();
  if (return_site) point.region = CurrentRegion();
  code_.pause_points.push_back(point);
  Barrier();
}

void Compiler::PayFor(const wasm::Instr& instr, uint32_t cost) {
  if (options_.mode == CodeMode::kStep) {
    if (need_boundary_) {
      need_boundary_ = false;
      need_check_ = false;
      if (options_.fast_code != nullptr && options_.metering) {
        if (const PausePoint* fast = options_.fast_code->FindByOffset(instr.offset, false)) {
          Emit(Op::kTryFast);
          Word(fast->pc);
        }
      }
    }
    AddPausePoint(pc(), instr.offset, false, stack_.size());
    Emit(Op::kChargeCheck);
    Word(cost);
    code_.sites.push_back(Site{pc(), instr.offset, kNoBlock, cost});
    return;
  }
  if (need_boundary_) {
    need_boundary_ = false;
    if (options_.metering || need_check_) {
      AddPausePoint(pc(), instr.offset, false, stack_.size());
      Emit(need_check_ ? Op::kChargeCheck : Op::kCharge);
      charge_word_ = pc();
      Word(0);
      if (options_.metering) {
        block_ = static_cast<uint32_t>(code_.block_costs.size());
        code_.block_costs.push_back(0);
        block_cost_ = 0;
      }
    }
    need_check_ = false;
  }
  if (options_.metering) block_cost_ += cost;
  code_.sites.push_back(Site{pc(), instr.offset, block_, block_cost_});
}

void Compiler::CloseBlock() {
  if (block_ == kNoBlock) return;
  for (const auto& [word, paid] : refunds_) code_.words[word] = block_cost_ - paid;
  refunds_.clear();
  code_.words[charge_word_] = block_cost_;
  code_.block_costs[block_] = block_cost_;
  block_ = kNoBlock;
}

void Compiler::RequestBoundary(bool check) {
  CloseBlock();
  need_boundary_ = true;
  need_check_ = need_check_ || check;
  last_dst_word_ = UINT32_MAX;
  Barrier();
}

// ---------------------------------------------------------------- control

void Compiler::BlockSignature(const wasm::BlockType& bt, std::span<const ValType>* params,
                              std::span<const ValType>* results) const {
  *params = {};
  *results = {};
  switch (bt.kind) {
    case wasm::BlockType::Kind::kEmpty:
      break;
    case wasm::BlockType::Kind::kValue:
      *results = wasm::OneType(bt.value);
      break;
    case wasm::BlockType::Kind::kTypeIndex:
      *params = module_.types[bt.type_index].params;
      *results = module_.types[bt.type_index].results;
      break;
  }
}

void Compiler::MarkUnreachable() {
  Control& c = controls_.back();
  c.rest_unreachable = true;
  while (stack_.size() > c.height) Pop();
}

void Compiler::OnBlock(const wasm::Instr& instr) {
  Control c;
  c.kind = instr.op;
  c.enclosing_region = CurrentRegion();
  if (Dead()) {
    c.dead = true;
    controls_.push_back(std::move(c));
    return;
  }
  BlockSignature(instr.block, &c.params, &c.results);
  uint32_t param_slots = 0;
  for (ValType t : c.params) param_slots += wasm::SlotCount(t);
  if (instr.op == Opcode::If) {
    PayFor(instr, 1);
    Operand cond = Pop();
    MaterializeAll();
    c.height = stack_.size() - c.params.size();
    c.slot_height = stack_slots_ - param_slots;
    Op fused;
    uint32_t fused_a, fused_b;
    if (TakeBackComparison(cond, true, &fused, &fused_a, &fused_b)) {
      if (!FuseStepIntoBranch(fused, fused_a, fused_b)) {
        EmitCompareBranch(fused, fused_a, fused_b);  // to the else arm when the condition is false
      }
      c.else_fixup = pc();
      Word(0);
      Word(0);  // no refund: an if ends its fuel block
    } else {
      uint32_t cond_slot = Use(cond);
      Emit(Op::kJumpUnless);
      Word(cond_slot);
      c.else_fixup = pc();
      Word(0);
    }
    controls_.push_back(std::move(c));
    RequestBoundary(false);
    return;
  }
  c.height = stack_.size() - c.params.size();
  c.slot_height = stack_slots_ - param_slots;
  if (instr.op == Opcode::Loop) {
    MaterializeAll();
    RequestBoundary(true);
    c.loop_pc = pc();
  }
  controls_.push_back(std::move(c));
}

void Compiler::OnElse(const wasm::Instr&) {
  Control& c = controls_.back();
  if (c.dead) return;
  if (!c.rest_unreachable) {
    MaterializeAll();
    EmitJump();
    AddFixup(c);
  }
  RequestBoundary(false);
  code_.words[c.else_fixup] = pc();
  c.else_fixup = UINT32_MAX;
  c.has_else = true;
  c.rest_unreachable = false;
  while (stack_.size() > c.height) Pop();
  for (ValType t : c.params) PushTemp(t);
}

void Compiler::OnEnd(const wasm::Instr&) {
  Control c = std::move(controls_.back());
  if (c.dead) {
    controls_.pop_back();
    return;
  }
  if (c.kind == Opcode::Try && !c.in_catch) EndTryBody(c);
  if (c.kind == Opcode::Try && c.in_catch) --catch_depth_;
  bool fallthrough = !c.rest_unreachable;
  if (fallthrough) MaterializeAll();
  if (c.function) {
    if (fallthrough) EmitReturn();
    controls_.pop_back();
    return;
  }
  bool if_without_else = c.kind == Opcode::If && !c.has_else;
  bool targeted = c.fixups != kNoFixup || if_without_else;
  if (targeted) {
    RequestBoundary(false);
    PatchFixups(c, pc());
    if (if_without_else) code_.words[c.else_fixup] = pc();
  }
  controls_.pop_back();
  while (stack_.size() > c.height) Pop();
  for (ValType t : c.results) PushTemp(t);
  if (!fallthrough && !targeted) MarkUnreachable();
}

void Compiler::EmitReturn() {
  size_t n = results_.size();
  size_t first = stack_.size() - n;
  MaterializeFrom(first);
  uint32_t slots = 0;
  for (ValType t : results_) slots += wasm::SlotCount(t);
  Emit(Op::kReturn);
  Word(slots);
  Word(n == 0 ? 0 : stack_[first].canonical);
}

bool Compiler::BranchNeedsCopies(uint32_t depth) const {
  const Control& target = controls_[controls_.size() - 1 - depth];
  if (target.function) return true;
  const auto& types = target.kind == Opcode::Loop ? target.params : target.results;
  uint32_t dst = local_slots_ + target.slot_height;
  size_t first = stack_.size() - types.size();
  for (size_t i = 0; i < types.size(); ++i) {
    if (stack_[first + i].slot != dst) return true;
    dst += wasm::SlotCount(types[i]);
  }
  return false;
}

void Compiler::EmitBranchTo(uint32_t depth) {
  Control& target = controls_[controls_.size() - 1 - depth];
  if (target.function) {
    EmitReturn();
    return;
  }
  const auto& types = target.kind == Opcode::Loop ? target.params : target.results;
  uint32_t dst = local_slots_ + target.slot_height;
  size_t first = stack_.size() - types.size();
  for (size_t i = 0; i < types.size(); ++i) {
    EmitMove(dst, stack_[first + i]);
    dst += wasm::SlotCount(types[i]);
  }
  EmitJump();
  LabelWord(target);
}

void Compiler::LabelWord(Control& target) {
  if (target.kind == Opcode::Loop) {
    Word(target.loop_pc);
  } else {
    AddFixup(target);
  }
}

void Compiler::AddFixup(Control& target) {
  Word(0);
  AddFixupAt(target, pc() - 1);
}

void Compiler::AddFixupAt(Control& target, uint32_t word) {
  code_.words[word] = target.fixups;
  target.fixups = word;
}

void Compiler::PatchFixups(const Control& target, uint32_t to) {
  for (uint32_t word = target.fixups; word != kNoFixup;) {
    const uint32_t next = code_.words[word];
    code_.words[word] = to;
    word = next;
  }
}

uint32_t Compiler::ProducerOf(const Operand& value) const {
  if (!optimize_ || last_dst_word_ == UINT32_MAX || last_dst_word_ == 0) return UINT32_MAX;
  if (value.slot == kConstSlot || value.slot != value.canonical || code_.words[last_dst_word_] != value.slot) {
    return UINT32_MAX;
  }
  const uint32_t start = last_dst_word_ - 1;
  if (start + OpWords(static_cast<Op>(code_.words[start])) != pc()) return UINT32_MAX;
  return start;
}

void Compiler::TakeBack(uint32_t start, bool last_site) {
  UnpairFrom(start);
  code_.words.resize(start);
  // The fused op is covered by the first instruction's site (at or before `start`, as
  // PayFor placed it), or with `last_site` by the site of the instruction being compiled
  // (the one that may trap: its offset and the fuel paid through it), moved to `start`.
  Site last = code_.sites.back();
  while (code_.sites.back().pc > start) code_.sites.pop_back();
  if (last_site) {
    last.pc = start;
    if (code_.sites.back().pc == start) {
      code_.sites.back() = last;
    } else {
      code_.sites.push_back(last);
    }
  }
  last_dst_word_ = UINT32_MAX;
  last_copy_ = UINT32_MAX;
  // The op before the one taken back is the last one again (when nothing came between).
  last_op_ = start == last_op_ ? prev_op_ : UINT32_MAX;
  prev_op_ = UINT32_MAX;
}

bool Compiler::TakeBackComparison(const Operand& cond, bool invert, Op* fused, uint32_t* a, uint32_t* b) {
  const uint32_t start = ProducerOf(cond);
  if (start == UINT32_MAX) return false;
  const Op compare = static_cast<Op>(code_.words[start]);
  const Op branch = CompareBranchVariant(compare, invert);
  if (branch == Op::kCount) return false;
  *fused = branch;
  *a = code_.words[start + 2];
  *b = compare == Op::I32Eqz ? 0 : code_.words[start + 3];
  TakeBack(start);
  return true;
}

bool Compiler::FuseStepIntoBranch(Op fused, uint32_t fused_a, uint32_t fused_b) {
  const uint32_t step_at = last_op_;  // an I32AddImm / I32AndImm writing the compared value?
  if (step_at == UINT32_MAX || step_at + OpWords(Op::kI32AddImm) != pc() || code_.words[step_at + 1] != fused_a) {
    return false;
  }
  const Op variant = StepBranchVariant(static_cast<Op>(code_.words[step_at]), fused);
  if (variant == Op::kCount) return false;
  // dst, a, imm stay; the comparison's b follows, then the target and refund.
  UnpairFrom(step_at);
  code_.words[step_at] = static_cast<uint32_t>(variant);
  last_dst_word_ = UINT32_MAX;
  Word(fused_b);
  return true;
}

void Compiler::EmitCompareBranch(Op fused, uint32_t a, uint32_t b) {
  Emit(fused);
  Word(a);
  Word(b);
  const uint32_t load = prev_op_, branch = last_op_;
  if (!optimize_ || load == UINT32_MAX || load + OpWords(Op::I32Load8U) != branch ||
      code_.words[load] != static_cast<uint32_t>(Op::I32Load8U) || code_.words[load + 1] != a) {
    return;
  }
  if (fused == Op::kBrIfEqImm) code_.words[load] = static_cast<uint32_t>(Op::kI32Load8UBrIfEqImm);
  if (fused == Op::kBrIfNeImm) code_.words[load] = static_cast<uint32_t>(Op::kI32Load8UBrIfNeImm);
}

void Compiler::OnBr(const wasm::Instr& instr, uint32_t depth) {
  PayFor(instr, 1);
  EmitBranchTo(depth);
  MarkUnreachable();
}

void Compiler::OnBrIf(const wasm::Instr& instr) {
  PayFor(instr, 1);
  Operand cond = Pop();
  MaterializeAll();
  uint32_t depth = instr.index;
  // In fast code the fuel block goes on past a br_if: its Charge paid for the whole block,
  // so a taken branch gives back the part it skips (exact either way; a tank that cannot
  // pay the whole block goes to step code at its start, where every instruction pays for
  // itself). Without metering there is nothing to give back. Step code charges per
  // instruction and ends its block here.
  const bool merge = optimize_ && (!options_.metering || block_ != kNoBlock);
  const bool refund = merge && options_.metering;
  if (!BranchNeedsCopies(depth)) {
    Control& target = controls_[controls_.size() - 1 - depth];
    Op fused;
    uint32_t fused_a, fused_b;
    const bool fuse = TakeBackComparison(cond, false, &fused, &fused_a, &fused_b);
    if (fuse) {
      if (!FuseStepIntoBranch(fused, fused_a, fused_b)) EmitCompareBranch(fused, fused_a, fused_b);
    } else {
      uint32_t cond_slot = Use(cond);
      Emit(refund ? Op::kJumpIfRefund : Op::kJumpIf);
      Word(cond_slot);
    }
    LabelWord(target);
    if (refund) refunds_.emplace_back(pc(), block_cost_);
    if (refund || fuse) Word(0);  // the refund (fused ops always carry one)
  } else {
    uint32_t cond_slot = Use(cond);
    Emit(Op::kJumpUnless);
    Word(cond_slot);
    uint32_t skip = pc();
    Word(0);
    if (refund) {
      Emit(Op::kRefund);
      refunds_.emplace_back(pc(), block_cost_);
      Word(0);
    }
    EmitBranchTo(depth);
    code_.words[skip] = pc();
    Barrier();
  }
  if (merge) {
    last_dst_word_ = UINT32_MAX;
  } else {
    RequestBoundary(false);
  }
}

void Compiler::OnBrTable(const wasm::Instr& instr, std::span<const uint32_t> targets) {
  PayFor(instr, 1);
  Operand index = Pop();
  MaterializeAll();
  // An index computed by i32.add/i32.sub of a constant just before (a switch whose cases
  // do not start at 0) is added by the table op itself.
  const uint32_t sum_at = ProducerOf(index);
  const Op sum_op = sum_at == UINT32_MAX ? Op::kCount : static_cast<Op>(code_.words[sum_at]);
  if (sum_op == Op::kI32AddImm || sum_op == Op::kI32SubImm) {
    const uint32_t a_slot = code_.words[sum_at + 2];
    const uint32_t imm = code_.words[sum_at + 3];
    TakeBack(sum_at);
    Emit(Op::kJumpTableAddImm);
    Word(a_slot);
    Word(sum_op == Op::kI32AddImm ? imm : 0u - imm);
  } else {
    uint32_t index_slot = Use(index);
    Emit(Op::kJumpTable);
    Word(index_slot);
  }
  Word(static_cast<uint32_t>(targets.size()));
  std::vector<std::pair<uint32_t, uint32_t>> stubs;  // (word, depth)
  auto add_target = [&](uint32_t depth) {
    Control& target = controls_[controls_.size() - 1 - depth];
    uint32_t word = pc();
    Word(0);
    if (BranchNeedsCopies(depth)) {
      stubs.emplace_back(word, depth);
    } else if (target.kind == Opcode::Loop) {
      code_.words[word] = target.loop_pc;
    } else {
      AddFixupAt(target, word);
    }
  };
  for (uint32_t depth : targets) add_target(depth);
  add_target(instr.index);
  std::vector<std::pair<uint32_t, uint32_t>> stub_pcs;  // (depth, pc) already emitted
  for (const auto& stub : stubs) {
    uint32_t word = stub.first;
    uint32_t depth = stub.second;
    auto it = std::find_if(stub_pcs.begin(), stub_pcs.end(), [depth](auto& p) { return p.first == depth; });
    if (it != stub_pcs.end()) {
      code_.words[word] = it->second;
      continue;
    }
    code_.words[word] = pc();
    stub_pcs.emplace_back(depth, pc());
    Barrier();
    EmitBranchTo(depth);
  }
  MarkUnreachable();
}

void Compiler::OnReturn(const wasm::Instr& instr) {
  PayFor(instr, 1);
  EmitReturn();
  MarkUnreachable();
}

void Compiler::OnCall(const wasm::Instr& instr) {
  PayFor(instr, 1);
  bool indirect = instr.op == Opcode::CallIndirect || instr.op == Opcode::ReturnCallIndirect;
  bool tail = instr.op == Opcode::ReturnCall || instr.op == Opcode::ReturnCallIndirect;
  const wasm::FuncType& type = indirect ? module_.types[instr.index] : module_.FuncTypeOf(instr.index);
  Operand elem_index{};
  if (indirect) elem_index = Pop();
  MaterializeAll();
  for (size_t i = 0; i < type.params.size(); ++i) Pop();
  uint32_t arg_base = NextCanonical();
  if (indirect) {
    uint32_t index_slot = Use(elem_index);
    Emit(tail ? Op::kReturnCallIndirect : Op::kCallIndirect);
    Word(type_ids_[instr.index]);
    Word(instr.index2);
    Word(index_slot);
    Word(arg_base);
  } else {
    Emit(tail ? Op::kReturnCall : Op::kCall);
    Word(instr.index);
    Word(arg_base);
  }
  if (tail) {  // the frame is replaced: no return site, nothing after it runs here
    MarkUnreachable();
    return;
  }
  uint32_t call_type_id = type_ids_[indirect ? instr.index : module_.FuncTypeIndex(instr.index)];
  AddPausePoint(pc(), instr.offset + instr.length, true, stack_.size(), call_type_id);
  for (ValType t : type.results) PushTemp(t);
  RequestBoundary(false);
}

// ---------------------------------------------------------------- dispatch

void Compiler::OnInstr(const wasm::Instr& instr, std::span<const uint32_t> br_targets, const wasm::InstrEffect&) {
  switch (instr.op) {
    case Opcode::Block:
    case Opcode::Loop:
    case Opcode::If:
      OnBlock(instr);
      return;
    case Opcode::Else:
      OnElse(instr);
      return;
    case Opcode::End:
      OnEnd(instr);
      return;
    case Opcode::Try:
      OnTry(instr);
      return;
    case Opcode::Catch:
    case Opcode::CatchAll:
      OnCatch(instr);
      return;
    case Opcode::Delegate:
      OnDelegate(instr);
      return;
    default:
      break;
  }
  if (Dead()) return;
  switch (instr.op) {
    case Opcode::Br: OnBr(instr, instr.index); return;
    case Opcode::BrIf: OnBrIf(instr); return;
    case Opcode::BrTable: OnBrTable(instr, br_targets); return;
    case Opcode::Return: OnReturn(instr); return;
    case Opcode::Throw: OnThrow(instr); return;
    case Opcode::Rethrow: OnRethrow(instr); return;
    case Opcode::Call:
    case Opcode::CallIndirect:
    case Opcode::ReturnCall:
    case Opcode::ReturnCallIndirect: OnCall(instr); return;
    case Opcode::LocalGet:
    case Opcode::LocalSet:
    case Opcode::LocalTee:
    case Opcode::GlobalGet:
    case Opcode::GlobalSet: OnVariable(instr); return;
    default: break;
  }
  if (wasm::IsSimdOpcode(instr.op)) {
    OnSimd(instr);
    return;
  }
  const wasm::OpcodeInfo& info = wasm::GetOpcodeInfo(instr.op);
  if (info.sig != wasm::Sig::kSpecial) {
    OnSimple(instr);
    return;
  }
  OnMemoryOrTable(instr);
}

}  // namespace cella::interp
