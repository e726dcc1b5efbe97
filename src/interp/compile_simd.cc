// interp/compile_simd.cc: compiler case for the SIMD instructions (prefix 0xFD). Every
// SIMD op is emitted as [op][dst if it has a result][operand slots, bottom first]
// [memory offset][lane index][shuffle lanes], as interp/code.h describes; v128.const
// becomes Const128. A v128 operand or result takes two adjacent slots, and its slot word
// names the first.
#include "interp/compiler.h"

namespace cella::interp {

using wasm::Imm;
using wasm::Opcode;
using wasm::ValType;

namespace {

// Operand count and result type of a SIMD signature (kVoid: no result).
constexpr ValType kVoid = static_cast<ValType>(0);

struct SimdShape {
  uint8_t params;
  ValType result;
};

SimdShape SimdShapeOf(wasm::Sig sig) {
  using wasm::Sig;
  constexpr ValType X = ValType::kV128;
  switch (sig) {
    case Sig::kX_0: return {0, X};
    case Sig::kX_I: case Sig::kX_L: case Sig::kX_F: case Sig::kX_D: case Sig::kX_X: return {1, X};
    case Sig::kX_XX: case Sig::kX_XI: case Sig::kX_XL: case Sig::kX_XF: case Sig::kX_XD: case Sig::kX_IX:
      return {2, X};
    case Sig::kX_XXX: return {3, X};
    case Sig::kI_X: return {1, ValType::kI32};
    case Sig::kL_X: return {1, ValType::kI64};
    case Sig::kF_X: return {1, ValType::kF32};
    case Sig::kD_X: return {1, ValType::kF64};
    case Sig::kV_IX: return {2, kVoid};
    default: return {0, kVoid};
  }
}

}  // namespace

void Compiler::OnSimd(const wasm::Instr& instr) {
  PayFor(instr, 1);
  if (instr.op == Opcode::V128Const) {
    PushTemp(ValType::kV128);
    EmitConst128(stack_.back().slot, instr.bits, instr.bits_hi);
    return;
  }
  const wasm::OpcodeInfo& info = wasm::GetOpcodeInfo(instr.op);
  SimdShape shape = SimdShapeOf(info.sig);
  Op op = FromWasm(instr.op);
  if (options_.canonicalize_nans) op = CanonicalNanVariant(op);
  Operand operands[3];
  for (int i = shape.params; i-- > 0;) operands[i] = Pop();
  uint32_t slots[3] = {};
  for (int i = 0; i < shape.params; ++i) slots[i] = Use(operands[i]);
  if (shape.result != kVoid) {
    EmitWithResult(op, shape.result);
  } else {
    Emit(op);
  }
  for (int i = 0; i < shape.params; ++i) Word(slots[i]);
  if (info.imm == Imm::kMemArg || info.imm == Imm::kMemArgLane) Word(instr.memarg.offset);
  if (info.imm == Imm::kLane || info.imm == Imm::kMemArgLane) Word(instr.lane);
  if (info.imm == Imm::kShuffle) {
    Word(static_cast<uint32_t>(instr.bits));
    Word(static_cast<uint32_t>(instr.bits >> 32));
    Word(static_cast<uint32_t>(instr.bits_hi));
    Word(static_cast<uint32_t>(instr.bits_hi >> 32));
  }
}

}  // namespace cella::interp
