// interp/compile_ops.cc: compiler cases for variables, numeric/memory instructions,
// bulk memory, tables and references; and lazy compilation of step code.
#include <algorithm>
#include <cstring>

#include "interp/compiler.h"

namespace cella::interp {

using wasm::Opcode;
using wasm::ValType;

namespace {

struct Shape {
  uint8_t params = 0;
  bool has_result = false;
  ValType result = ValType::kI32;
};

Shape ShapeOf(wasm::Sig sig) {
  using wasm::Sig;
  constexpr ValType I = ValType::kI32, L = ValType::kI64, F = ValType::kF32, D = ValType::kF64;
  switch (sig) {
    case Sig::kI_I: case Sig::kI_L: case Sig::kI_F: case Sig::kI_D: return {1, true, I};
    case Sig::kI_II: case Sig::kI_LL: case Sig::kI_FF: case Sig::kI_DD: return {2, true, I};
    case Sig::kL_L: case Sig::kL_I: case Sig::kL_F: case Sig::kL_D: return {1, true, L};
    case Sig::kL_LL: return {2, true, L};
    case Sig::kF_F: case Sig::kF_I: case Sig::kF_L: case Sig::kF_D: return {1, true, F};
    case Sig::kF_FF: return {2, true, F};
    case Sig::kD_D: case Sig::kD_I: case Sig::kD_L: case Sig::kD_F: return {1, true, D};
    case Sig::kD_DD: return {2, true, D};
    case Sig::kV_II: case Sig::kV_IL: case Sig::kV_IF: case Sig::kV_ID: return {2, false, I};
    default: break;  // kSpecial; SIMD signatures are compile_simd.cc's
  }
  return {};
}

}  // namespace

void Compiler::OnSimple(const wasm::Instr& instr) {
  PayFor(instr, 1);
  const wasm::OpcodeInfo& info = wasm::GetOpcodeInfo(instr.op);
  Shape shape = ShapeOf(info.sig);
  Op op = FromWasm(instr.op);
  if (options_.canonicalize_nans) op = CanonicalNanVariant(op);
  if (info.imm == wasm::Imm::kMemArg) {
    if (shape.has_result) {  // load: dst, addr, offset
      Operand addr_op = Pop();
      if (TryLoadOfSum(op, addr_op, shape.result, instr.memarg.offset)) return;
      uint32_t addr = Use(addr_op);
      EmitWithResult(op, shape.result);
      Word(addr);
      Word(instr.memarg.offset);
    } else {  // store: addr, value, offset
      Operand value_op = Pop();
      Operand addr_op = Pop();
      uint32_t addr = Use(addr_op);
      uint32_t value = Use(value_op);
      Emit(op);
      Word(addr);
      Word(value);
      Word(instr.memarg.offset);
    }
    return;
  }
  if (shape.params == 1) {
    uint32_t a = Use(Pop());
    EmitWithResult(op, shape.result);
    Word(a);
  } else {
    Operand b = Pop();
    Operand a = Pop();
    if (TryImmediate(op, a, b, shape.result)) return;
    if (TryFuseWithOperand(op, a, b)) return;
    uint32_t a_slot = Use(a);
    uint32_t b_slot = Use(b);
    EmitWithResult(op, shape.result);
    Word(a_slot);
    Word(b_slot);
  }
}

bool Compiler::TryLoadOfSum(Op load, const Operand& addr, ValType result, uint32_t offset) {
  Op with_imm, with_slot;
  switch (load) {
    case Op::I32Load: with_imm = Op::kI32LoadAddImm, with_slot = Op::kI32LoadAdd; break;
    case Op::I32Load8U: with_imm = Op::kI32Load8UAddImm, with_slot = Op::kI32Load8UAdd; break;
    case Op::I32Load16S: with_imm = Op::kI32Load16SAddImm, with_slot = Op::kI32Load16SAdd; break;
    case Op::I64Load: with_imm = Op::kI64LoadAddImm, with_slot = Op::kI64LoadAdd; break;
    default: return false;
  }
  const uint32_t sum_at = ProducerOf(addr);
  if (sum_at == UINT32_MAX) return false;
  const auto sum = static_cast<Op>(code_.words[sum_at]);
  if (sum != Op::kI32AddImm && sum != Op::I32Add) return false;
  const uint32_t a = code_.words[sum_at + 2];
  const uint32_t b = code_.words[sum_at + 3];
  TakeBack(sum_at, /*last_site=*/true);  // a trap is the load's
  EmitWithResult(sum == Op::kI32AddImm ? with_imm : with_slot, result);
  Word(a);
  Word(b);
  Word(offset);
  return true;
}

namespace {

// A commutative i32 op of two slots whose one operand an op (dst, operands...) has just
// computed, and the op doing both: dst, the producer's operands, the other operand.
struct OperandFusion {
  Op consumer;
  Op producer;
  Op fused;
};
constexpr OperandFusion kOperandFusions[] = {  // producers of at most 3 operands
    {Op::I32Add, Op::kI32ShrUAndImm, Op::kI32ShrUAndAdd},
    {Op::I32Add, Op::I32Mul, Op::kI32MulAdd},
    {Op::I32Add, Op::kI32ShlImm, Op::kI32ShlImmAdd},
    {Op::I32Xor, Op::kI32RotlImm, Op::kI32RotlImmXor},
    {Op::I32Xor, Op::kI32ShrUImm, Op::kI32ShrUImmXor},
    {Op::I32Xor, Op::kI32ShlImm, Op::kI32ShlImmXor},
};

}  // namespace

bool Compiler::TryFuseWithOperand(Op op, const Operand& a, const Operand& b) {
  if (!optimize_ || a.slot == kConstSlot || b.slot == kConstSlot) return false;
  for (const Operand* computed : {&b, &a}) {
    const uint32_t producer_at = ProducerOf(*computed);
    if (producer_at == UINT32_MAX) continue;
    const auto producer = static_cast<Op>(code_.words[producer_at]);
    for (const OperandFusion& fusion : kOperandFusions) {
      if (fusion.consumer != op || fusion.producer != producer) continue;
      const uint32_t other = computed == &b ? a.slot : b.slot;
      uint32_t operands[3];  // the producer's, after its dst
      const uint32_t count = OpWords(producer) - 2;
      if (count > std::size(operands)) continue;
      std::copy_n(code_.words.begin() + producer_at + 2, count, operands);
      TakeBack(producer_at);
      EmitWithResult(fusion.fused, ValType::kI32);
      for (uint32_t i = 0; i < count; ++i) Word(operands[i]);
      Word(other);
      return true;
    }
  }
  return false;
}

bool Compiler::TryImmediate(Op op, Operand a, Operand b, ValType result) {
  if (!optimize_) return false;
  bool commutative = false;
  Op imm_op = ImmediateVariant(op, &commutative);
  if (imm_op == Op::kCount) return false;
  if (a.slot == kConstSlot && b.slot != kConstSlot && commutative) std::swap(a, b);
  if (b.slot != kConstSlot || a.slot == kConstSlot) return false;
  // i64 immediates are 32-bit values sign-extended.
  if (b.type == ValType::kI64 && static_cast<int64_t>(b.bits) != static_cast<int32_t>(b.bits)) return false;
  uint32_t a_slot = a.slot;
  if (imm_op == Op::kI32ShlImm) {
    // A masked value scaled, (x & mask) << shift, as one op when the and's result is used
    // only here.
    uint32_t and_at = ProducerOf(a);
    const Op masked = and_at == UINT32_MAX ? Op::kCount : static_cast<Op>(code_.words[and_at]);
    if (masked == Op::kI32AndImm || masked == Op::I32And) {  // mask immediate / in a slot
      uint32_t source = code_.words[and_at + 2];
      uint32_t mask = code_.words[and_at + 3];
      TakeBack(and_at);
      EmitWithResult(masked == Op::kI32AndImm ? Op::kI32AndShlImm : Op::kI32AndShl, result);
      Word(source);
      Word(mask);
      Word(static_cast<uint32_t>(b.bits));
      return true;
    }
  }
  if (imm_op == Op::kI32AndImm) {
    // A bit field, (x >> shift) & mask, as one op when the shift's result is used only here.
    uint32_t shift_at = ProducerOf(a);
    if (shift_at != UINT32_MAX && code_.words[shift_at] == static_cast<uint32_t>(Op::kI32ShrUImm)) {
      uint32_t source = code_.words[shift_at + 2];
      uint32_t shift = code_.words[shift_at + 3];
      TakeBack(shift_at);
      EmitWithResult(Op::kI32ShrUAndImm, result);
      Word(source);
      Word(shift);
      Word(static_cast<uint32_t>(b.bits));
      return true;
    }
  }
  EmitWithResult(imm_op, result);
  Word(a_slot);
  Word(static_cast<uint32_t>(b.bits));
  if (imm_op == Op::kI32AddImm) PairWithAddImmBefore();
  return true;
}

namespace {

// The op that runs `first` and the I32AddImm after it as one, or Op::kCount.
Op AddImmPairOf(uint32_t first) {
  switch (static_cast<Op>(first)) {
    case Op::kI32AddImm: return Op::kI32AddImmPair;
    case Op::I32Add: return Op::kI32AddAddImm;
    case Op::I32Store: return Op::kI32StoreAddImm;
    case Op::I32Store8: return Op::kI32Store8AddImm;
    default: return Op::kCount;
  }
}

// The first op of pair `pair` (AddImmPairOf undone).
Op FirstOfPair(uint32_t pair) {
  switch (static_cast<Op>(pair)) {
    case Op::kI32AddAddImm: return Op::I32Add;
    case Op::kI32StoreAddImm: return Op::I32Store;
    case Op::kI32Store8AddImm: return Op::I32Store8;
    default: return Op::kI32AddImm;
  }
}

}  // namespace

void Compiler::PairWithAddImmBefore() {
  const uint32_t first = prev_op_, second = last_op_;
  if (first == UINT32_MAX || second == UINT32_MAX) return;
  const Op pair = AddImmPairOf(code_.words[first]);
  // Every pairable op is four words, like the I32AddImm: the pair handlers rely on it.
  if (pair == Op::kCount || first + OpWords(Op::kI32AddImm) != second ||
      (!pairs_.empty() && pairs_.back() + OpWords(Op::kI32AddImm) == first)) {
    return;  // not pairable, or `first` is already the second op of a pair
  }
  code_.words[first] = static_cast<uint32_t>(pair);
  pairs_.push_back(first);
}

void Compiler::UnpairFrom(uint32_t pos) {
  while (!pairs_.empty() && pairs_.back() + OpWords(Op::kI32AddImm) >= pos) {
    if (pairs_.back() < pos) code_.words[pairs_.back()] = static_cast<uint32_t>(FirstOfPair(code_.words[pairs_.back()]));
    pairs_.pop_back();
  }
}

void Compiler::OnVariable(const wasm::Instr& instr) {
  PayFor(instr, 1);
  switch (instr.op) {
    case Opcode::LocalGet: {
      uint32_t slot = local_slot_of_[instr.index];
      ValType type = local_types_[instr.index];
      if (optimize_) {
        PushAt(type, slot);
      } else {
        PushTemp(type);
        EmitCopy(stack_.back().slot, slot, type);
      }
      return;
    }
    case Opcode::LocalSet:
    case Opcode::LocalTee: {
      uint32_t slot = local_slot_of_[instr.index];
      Operand value = Pop();
      bool aliased = false;
      for (const Operand& op : stack_) aliased = aliased || op.slot == slot;
      if (optimize_ && !aliased && last_dst_word_ != UINT32_MAX && value.slot == value.canonical &&
          code_.words[last_dst_word_] == value.slot) {
        // The previous instruction computed this value: let it write the local directly.
        code_.words[last_dst_word_] = slot;
        last_dst_word_ = UINT32_MAX;
      } else {
        MaterializeLocal(slot);
        EmitMove(slot, value);
      }
      if (instr.op == Opcode::LocalTee) {
        if (optimize_) {
          PushAt(value.type, slot);
        } else {
          PushTemp(value.type);  // the value is still in its canonical slot (step code)
        }
      }
      return;
    }
    case Opcode::GlobalGet: {
      ValType type = module_.GlobalTypeOf(instr.index).type;
      EmitWithResult(type == ValType::kV128 ? Op::kGlobalGet128 : Op::kGlobalGet, type);
      Word(instr.index);
      return;
    }
    case Opcode::GlobalSet: {
      Operand value_op = Pop();
      uint32_t value = Use(value_op);
      Emit(value_op.type == ValType::kV128 ? Op::kGlobalSet128 : Op::kGlobalSet);
      Word(instr.index);
      Word(value);
      return;
    }
    default:
      return;
  }
}

void Compiler::OnMemoryOrTable(const wasm::Instr& instr) {
  switch (instr.op) {
    case Opcode::MemorySize:
      PayFor(instr, 1);
      EmitWithResult(Op::kMemorySize, ValType::kI32);
      return;
    case Opcode::MemoryGrow: {
      PayFor(instr, 1);
      uint32_t delta = Use(Pop());
      EmitWithResult(Op::kMemoryGrow, ValType::kI32);
      Word(delta);
      return;
    }
    case Opcode::MemoryFill:
    case Opcode::MemoryCopy:
    case Opcode::MemoryInit: {
      PayFor(instr, 1);
      Operand n = Pop();
      Operand src = Pop();
      Operand dst = Pop();
      uint32_t dst_slot = Use(dst), src_slot = Use(src), n_slot = Use(n);
      Emit(instr.op == Opcode::MemoryFill ? Op::kMemoryFill
           : instr.op == Opcode::MemoryCopy ? Op::kMemoryCopy
                                            : Op::kMemoryInit);
      if (instr.op == Opcode::MemoryInit) Word(instr.index);
      Word(dst_slot);
      Word(src_slot);
      Word(n_slot);
      return;
    }
    case Opcode::DataDrop:
    case Opcode::ElemDrop:
      PayFor(instr, 1);
      Emit(instr.op == Opcode::DataDrop ? Op::kDataDrop : Op::kElemDrop);
      Word(instr.index);
      return;
    case Opcode::TableGet: {
      PayFor(instr, 1);
      uint32_t index = Use(Pop());
      EmitWithResult(Op::kTableGet, module_.TableTypeOf(instr.index).elem_type);
      Word(instr.index);
      Word(index);
      return;
    }
    case Opcode::TableSet: {
      PayFor(instr, 1);
      Operand value = Pop();
      Operand index = Pop();
      uint32_t index_slot = Use(index), value_slot = Use(value);
      Emit(Op::kTableSet);
      Word(instr.index);
      Word(index_slot);
      Word(value_slot);
      return;
    }
    case Opcode::TableSize:
      PayFor(instr, 1);
      EmitWithResult(Op::kTableSize, ValType::kI32);
      Word(instr.index);
      return;
    case Opcode::TableGrow: {
      PayFor(instr, 1);
      Operand delta = Pop();
      Operand init = Pop();
      uint32_t init_slot = Use(init), delta_slot = Use(delta);
      EmitWithResult(Op::kTableGrow, ValType::kI32);
      Word(instr.index);
      Word(init_slot);
      Word(delta_slot);
      return;
    }
    case Opcode::TableFill: {
      PayFor(instr, 1);
      Operand n = Pop();
      Operand value = Pop();
      Operand index = Pop();
      uint32_t index_slot = Use(index), value_slot = Use(value), n_slot = Use(n);
      Emit(Op::kTableFill);
      Word(instr.index);
      Word(index_slot);
      Word(value_slot);
      Word(n_slot);
      return;
    }
    case Opcode::TableCopy:
    case Opcode::TableInit: {
      PayFor(instr, 1);
      Operand n = Pop();
      Operand src = Pop();
      Operand dst = Pop();
      uint32_t dst_slot = Use(dst), src_slot = Use(src), n_slot = Use(n);
      if (instr.op == Opcode::TableCopy) {
        Emit(Op::kTableCopy);
        Word(instr.index);   // destination table
        Word(instr.index2);  // source table
      } else {
        Emit(Op::kTableInit);
        Word(instr.index2);  // table
        Word(instr.index);   // element segment
      }
      Word(dst_slot);
      Word(src_slot);
      Word(n_slot);
      return;
    }
    default:
      OnOther(instr);
      return;
  }
}

void Compiler::OnOther(const wasm::Instr& instr) {
  PayFor(instr, 1);
  switch (instr.op) {
    case Opcode::Unreachable:
      Emit(Op::kTrap);
      Word(static_cast<uint32_t>(TrapKind::kUnreachable));
      MarkUnreachable();
      return;
    case Opcode::Nop:
      return;
    case Opcode::Drop:
      Pop();
      return;
    case Opcode::Select:
    case Opcode::SelectT: {
      Operand cond = Pop();
      Operand b = Pop();
      Operand a = Pop();
      uint32_t a_slot = Use(a), b_slot = Use(b), cond_slot = Use(cond);
      EmitWithResult(a.type == ValType::kV128 ? Op::kSelect128 : Op::kSelect, a.type);
      Word(a_slot);
      Word(b_slot);
      Word(cond_slot);
      return;
    }
    case Opcode::I32Const:
    case Opcode::F32Const:
    case Opcode::I64Const:
    case Opcode::F64Const: {
      ValType type = instr.op == Opcode::I32Const   ? ValType::kI32
                     : instr.op == Opcode::F32Const ? ValType::kF32
                     : instr.op == Opcode::I64Const ? ValType::kI64
                                                    : ValType::kF64;
      uint64_t bits = (type == ValType::kI32 || type == ValType::kF32) ? (instr.bits & 0xFFFFFFFFu) : instr.bits;
      if (optimize_) {
        PushConst(type, bits);  // emitted where it is used, often as an immediate
      } else {
        PushTemp(type);
        EmitConst(stack_.back().slot, type, bits);
      }
      return;
    }
    case Opcode::RefNull:
      EmitWithResult(Op::kRefNull, instr.type);
      return;
    case Opcode::RefIsNull: {
      uint32_t ref = Use(Pop());
      EmitWithResult(Op::kRefIsNull, ValType::kI32);
      Word(ref);
      return;
    }
    case Opcode::RefFunc:
      EmitWithResult(Op::kRefFunc, ValType::kFuncRef);
      Word(instr.index);
      return;
    default:
      return;  // every other opcode is handled elsewhere
  }
}

Result<std::unique_ptr<Code>> CompileStepCode(const wasm::Module& module, const wasm::ModuleContext& context,
                                              std::span<const uint32_t> type_ids,
                                              const CompileOptions& loaded_options,
                                              const CompiledFunction& function) {
  CompileOptions options;
  options.mode = CodeMode::kStep;
  options.metering = loaded_options.metering;
  options.canonicalize_nans = loaded_options.canonicalize_nans;
  options.fast_code = &function.fast;
  Compiler compiler(module, type_ids, options);
  CELLA_TRY(wasm::ValidateFunction(module, context, function.defined_index, &compiler));
  return std::make_unique<Code>(compiler.TakeCode());
}

}  // namespace cella::interp
