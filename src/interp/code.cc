// interp/code.cc: lookups in the side tables of internal code, and op metadata.
#include "interp/code.h"

#include <algorithm>

namespace cella::interp {

namespace {

struct OpInfo {
  const char* name;
  uint32_t words;  // 0: computed from the wasm signature
};

constexpr OpInfo kOps[] = {
#define CELLA_INTERP_WASM_OP_INFO(name, text, code, imm, sig) {text, 0},
    CELLA_WASM_OPCODES(CELLA_INTERP_WASM_OP_INFO)
#undef CELLA_INTERP_WASM_OP_INFO
#define CELLA_INTERP_OWN_OP_INFO(name, words) {#name, words},
    CELLA_INTERP_OWN_OPS(CELLA_INTERP_OWN_OP_INFO)
#undef CELLA_INTERP_OWN_OP_INFO
};
static_assert(std::size(kOps) == kOpCount);

constexpr wasm::Opcode kWasmOf[] = {
#define CELLA_INTERP_WASM_OP_CODE(name, text, code, imm, sig) wasm::Opcode::name,
    CELLA_WASM_OPCODES(CELLA_INTERP_WASM_OP_CODE)
#undef CELLA_INTERP_WASM_OP_CODE
};

struct FromWasmTable {
  uint16_t op[wasm::kOpcodeSpace] = {};
  constexpr FromWasmTable() {
    for (size_t i = 0; i < std::size(kWasmOf); ++i) op[static_cast<uint16_t>(kWasmOf[i])] = static_cast<uint16_t>(i);
  }
};
constexpr FromWasmTable kFromWasm;

// [dst] + operands + immediates (see code.h).
uint32_t SimdOpWords(const wasm::OpcodeInfo& info) {
  using wasm::Sig;
  uint32_t words = 1;
  switch (info.sig) {
    case Sig::kX_0: words += 1; break;
    case Sig::kX_I: case Sig::kX_L: case Sig::kX_F: case Sig::kX_D: case Sig::kX_X:
    case Sig::kI_X: case Sig::kL_X: case Sig::kF_X: case Sig::kD_X: case Sig::kV_IX:
      words += 2;
      break;
    case Sig::kX_XX: case Sig::kX_XI: case Sig::kX_XL: case Sig::kX_XF: case Sig::kX_XD: case Sig::kX_IX:
      words += 3;
      break;
    case Sig::kX_XXX: words += 4; break;
    default: break;
  }
  switch (info.imm) {
    case wasm::Imm::kMemArg: case wasm::Imm::kLane: words += 1; break;
    case wasm::Imm::kMemArgLane: words += 2; break;
    case wasm::Imm::kShuffle: case wasm::Imm::kV128: words += 4; break;
    default: break;
  }
  return words;
}

}  // namespace

Op FromWasm(wasm::Opcode op) { return static_cast<Op>(kFromWasm.op[static_cast<uint16_t>(op)]); }

Op CanonicalNanVariant(Op op) {
  switch (op) {
    case Op::F32Add: return Op::kF32AddCanon;
    case Op::F32Sub: return Op::kF32SubCanon;
    case Op::F32Mul: return Op::kF32MulCanon;
    case Op::F32Div: return Op::kF32DivCanon;
    case Op::F32Min: return Op::kF32MinCanon;
    case Op::F32Max: return Op::kF32MaxCanon;
    case Op::F32Sqrt: return Op::kF32SqrtCanon;
    case Op::F32Ceil: return Op::kF32CeilCanon;
    case Op::F32Floor: return Op::kF32FloorCanon;
    case Op::F32Trunc: return Op::kF32TruncCanon;
    case Op::F32Nearest: return Op::kF32NearestCanon;
    case Op::F32DemoteF64: return Op::kF32DemoteF64Canon;
    case Op::F64Add: return Op::kF64AddCanon;
    case Op::F64Sub: return Op::kF64SubCanon;
    case Op::F64Mul: return Op::kF64MulCanon;
    case Op::F64Div: return Op::kF64DivCanon;
    case Op::F64Min: return Op::kF64MinCanon;
    case Op::F64Max: return Op::kF64MaxCanon;
    case Op::F64Sqrt: return Op::kF64SqrtCanon;
    case Op::F64Ceil: return Op::kF64CeilCanon;
    case Op::F64Floor: return Op::kF64FloorCanon;
    case Op::F64Trunc: return Op::kF64TruncCanon;
    case Op::F64Nearest: return Op::kF64NearestCanon;
    case Op::F64PromoteF32: return Op::kF64PromoteF32Canon;
#define CELLA_SIMD_CANON_CASE(name) \
  case Op::name: return Op::k##name##Canon;
    CELLA_SIMD_CANON_CASE(F32x4Add) CELLA_SIMD_CANON_CASE(F32x4Sub) CELLA_SIMD_CANON_CASE(F32x4Mul)
    CELLA_SIMD_CANON_CASE(F32x4Div) CELLA_SIMD_CANON_CASE(F32x4Min) CELLA_SIMD_CANON_CASE(F32x4Max)
    CELLA_SIMD_CANON_CASE(F32x4Sqrt) CELLA_SIMD_CANON_CASE(F32x4Ceil) CELLA_SIMD_CANON_CASE(F32x4Floor)
    CELLA_SIMD_CANON_CASE(F32x4Trunc) CELLA_SIMD_CANON_CASE(F32x4Nearest)
    CELLA_SIMD_CANON_CASE(F32x4DemoteF64x2Zero)
    CELLA_SIMD_CANON_CASE(F64x2Add) CELLA_SIMD_CANON_CASE(F64x2Sub) CELLA_SIMD_CANON_CASE(F64x2Mul)
    CELLA_SIMD_CANON_CASE(F64x2Div) CELLA_SIMD_CANON_CASE(F64x2Min) CELLA_SIMD_CANON_CASE(F64x2Max)
    CELLA_SIMD_CANON_CASE(F64x2Sqrt) CELLA_SIMD_CANON_CASE(F64x2Ceil) CELLA_SIMD_CANON_CASE(F64x2Floor)
    CELLA_SIMD_CANON_CASE(F64x2Trunc) CELLA_SIMD_CANON_CASE(F64x2Nearest)
    CELLA_SIMD_CANON_CASE(F64x2PromoteLowF32x4)
#undef CELLA_SIMD_CANON_CASE
    default: return op;
  }
}

Op CompareBranchVariant(Op op, bool invert) {
  // (comparison, branch when it holds, branch when it does not)
  struct Row {
    Op compare, when, unless;
  };
  static constexpr Row kRows[] = {
      {Op::I32Eq, Op::kBrIfEq, Op::kBrIfNe},           {Op::I32Ne, Op::kBrIfNe, Op::kBrIfEq},
      {Op::I32LtS, Op::kBrIfLtS, Op::kBrIfGeS},        {Op::I32LtU, Op::kBrIfLtU, Op::kBrIfGeU},
      {Op::I32GtS, Op::kBrIfGtS, Op::kBrIfLeS},        {Op::I32GtU, Op::kBrIfGtU, Op::kBrIfLeU},
      {Op::I32LeS, Op::kBrIfLeS, Op::kBrIfGtS},        {Op::I32LeU, Op::kBrIfLeU, Op::kBrIfGtU},
      {Op::I32GeS, Op::kBrIfGeS, Op::kBrIfLtS},        {Op::I32GeU, Op::kBrIfGeU, Op::kBrIfLtU},
      {Op::kI32EqImm, Op::kBrIfEqImm, Op::kBrIfNeImm}, {Op::kI32NeImm, Op::kBrIfNeImm, Op::kBrIfEqImm},
      {Op::kI32LtSImm, Op::kBrIfLtSImm, Op::kBrIfGeSImm}, {Op::kI32LtUImm, Op::kBrIfLtUImm, Op::kBrIfGeUImm},
      {Op::kI32GtSImm, Op::kBrIfGtSImm, Op::kBrIfLeSImm}, {Op::kI32GtUImm, Op::kBrIfGtUImm, Op::kBrIfLeUImm},
      {Op::kI32LeSImm, Op::kBrIfLeSImm, Op::kBrIfGtSImm}, {Op::kI32LeUImm, Op::kBrIfLeUImm, Op::kBrIfGtUImm},
      {Op::kI32GeSImm, Op::kBrIfGeSImm, Op::kBrIfLtSImm}, {Op::kI32GeUImm, Op::kBrIfGeUImm, Op::kBrIfLtUImm},
      {Op::I32Eqz, Op::kBrIfEqImm, Op::kBrIfNeImm},
  };
  for (const Row& row : kRows) {
    if (row.compare == op) return invert ? row.unless : row.when;
  }
  return Op::kCount;
}

Op StepBranchVariant(Op step, Op branch) {
  static_assert(static_cast<uint32_t>(Op::kBrIfGeUImm) - static_cast<uint32_t>(Op::kBrIfEq) ==
                static_cast<uint32_t>(Op::kAddImmBrIfGeUImm) - static_cast<uint32_t>(Op::kAddImmBrIfEq));
  const auto b = static_cast<uint32_t>(branch);
  if (b < static_cast<uint32_t>(Op::kBrIfEq) || b > static_cast<uint32_t>(Op::kBrIfGeUImm)) return Op::kCount;
  if (step == Op::kI32AddImm) {
    return static_cast<Op>(b - static_cast<uint32_t>(Op::kBrIfEq) + static_cast<uint32_t>(Op::kAddImmBrIfEq));
  }
  if (step == Op::kI32AndImm && branch == Op::kBrIfEqImm) return Op::kAndImmBrIfEqImm;
  if (step == Op::kI32AndImm && branch == Op::kBrIfNeImm) return Op::kAndImmBrIfNeImm;
  return Op::kCount;
}

Op ImmediateVariant(Op op, bool* commutative) {
  *commutative = false;
  switch (op) {
#define CELLA_IMM_CASE(name, comm) \
  case Op::name:                   \
    *commutative = comm;           \
    return Op::k##name##Imm;
    CELLA_IMM_CASE(I32Add, true) CELLA_IMM_CASE(I32Sub, false) CELLA_IMM_CASE(I32Mul, true)
    CELLA_IMM_CASE(I32And, true) CELLA_IMM_CASE(I32Or, true) CELLA_IMM_CASE(I32Xor, true)
    CELLA_IMM_CASE(I32Shl, false) CELLA_IMM_CASE(I32ShrS, false) CELLA_IMM_CASE(I32ShrU, false)
    CELLA_IMM_CASE(I32Eq, true) CELLA_IMM_CASE(I32Ne, true) CELLA_IMM_CASE(I32LtS, false)
    CELLA_IMM_CASE(I32LtU, false) CELLA_IMM_CASE(I32GtS, false) CELLA_IMM_CASE(I32GtU, false)
    CELLA_IMM_CASE(I32LeS, false) CELLA_IMM_CASE(I32LeU, false) CELLA_IMM_CASE(I32GeS, false)
    CELLA_IMM_CASE(I32GeU, false) CELLA_IMM_CASE(I32Rotl, false) CELLA_IMM_CASE(I32Rotr, false)
    CELLA_IMM_CASE(I64Add, true) CELLA_IMM_CASE(I64Sub, false) CELLA_IMM_CASE(I64Mul, true)
    CELLA_IMM_CASE(I64And, true) CELLA_IMM_CASE(I64Or, true) CELLA_IMM_CASE(I64Xor, true)
    CELLA_IMM_CASE(I64Shl, false) CELLA_IMM_CASE(I64ShrS, false) CELLA_IMM_CASE(I64ShrU, false)
    CELLA_IMM_CASE(I64Eq, true) CELLA_IMM_CASE(I64Ne, true) CELLA_IMM_CASE(I64LtS, false)
    CELLA_IMM_CASE(I64LtU, false) CELLA_IMM_CASE(I64GtS, false) CELLA_IMM_CASE(I64GtU, false)
    CELLA_IMM_CASE(I64LeS, false) CELLA_IMM_CASE(I64LeU, false) CELLA_IMM_CASE(I64GeS, false)
    CELLA_IMM_CASE(I64GeU, false) CELLA_IMM_CASE(I64Rotl, false) CELLA_IMM_CASE(I64Rotr, false)
#undef CELLA_IMM_CASE
    default:
      return Op::kCount;
  }
}

const char* OpName(Op op) {
  auto v = static_cast<uint32_t>(op);
  return v < kOpCount ? kOps[v].name : "?";
}

uint32_t OpWords(Op op) {
  auto v = static_cast<uint32_t>(op);
  if (v >= kOpCount) return 1;
  if (kOps[v].words != 0) return kOps[v].words;
  const auto& info = wasm::GetOpcodeInfo(kWasmOf[v]);
  if (wasm::IsSimdOpcode(kWasmOf[v])) return SimdOpWords(info);
  if (info.imm == wasm::Imm::kMemArg) return 4;
  switch (info.sig) {
    case wasm::Sig::kI_II: case wasm::Sig::kL_LL: case wasm::Sig::kI_LL: case wasm::Sig::kF_FF:
    case wasm::Sig::kI_FF: case wasm::Sig::kD_DD: case wasm::Sig::kI_DD:
      return 4;
    default:
      return 3;
  }
}

const Site* Code::FindSite(uint32_t pc) const {
  auto it = std::upper_bound(sites.begin(), sites.end(), pc, [](uint32_t p, const Site& s) { return p < s.pc; });
  if (it == sites.begin()) return nullptr;
  return &*(it - 1);
}

const PausePoint* Code::FindPausePoint(uint32_t pc, bool return_site) const {
  auto it = std::lower_bound(pause_points.begin(), pause_points.end(), pc,
                             [](const PausePoint& p, uint32_t v) { return p.pc < v; });
  for (; it != pause_points.end() && it->pc == pc; ++it) {
    if (it->return_site == return_site) return &*it;
  }
  return nullptr;
}

const PausePoint* Code::FindByOffset(uint32_t wasm_offset, bool return_site) const {
  auto it = std::lower_bound(pause_points.begin(), pause_points.end(), wasm_offset,
                             [](const PausePoint& p, uint32_t v) { return p.wasm_offset < v; });
  for (; it != pause_points.end() && it->wasm_offset == wasm_offset; ++it) {
    if (it->return_site == return_site) return &*it;
  }
  return nullptr;
}

std::vector<wasm::ValType> Code::StackTypes(const PausePoint& point) const {
  return std::vector<wasm::ValType>(stack_types.begin() + point.types_begin,
                                    stack_types.begin() + point.types_begin + point.types_count);
}

}  // namespace cella::interp
