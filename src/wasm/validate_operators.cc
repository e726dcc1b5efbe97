// wasm/validate_operators.cc: validation of non-control instructions: parametric and
// variable instructions, memory, table and reference instructions, constants and the
// numeric operators described by their Sig in wasm/opcodes.h.
#include "wasm/decode_internal.h"
#include "wasm/validate_internal.h"

namespace cella::wasm::internal {
namespace {

constexpr ValType kI = ValType::kI32, kL = ValType::kI64, kF = ValType::kF32, kD = ValType::kF64;
constexpr ValType kTypesI[] = {kI};
constexpr ValType kTypesL[] = {kL};
constexpr ValType kTypesF[] = {kF};
constexpr ValType kTypesD[] = {kD};
constexpr ValType kTypesII[] = {kI, kI};
constexpr ValType kTypesLL[] = {kL, kL};
constexpr ValType kTypesFF[] = {kF, kF};
constexpr ValType kTypesDD[] = {kD, kD};
constexpr ValType kTypesIL[] = {kI, kL};
constexpr ValType kTypesIF[] = {kI, kF};
constexpr ValType kTypesID[] = {kI, kD};
constexpr ValType kTypesIII[] = {kI, kI, kI};
constexpr ValType kX = ValType::kV128;
constexpr ValType kTypesX[] = {kX};
constexpr ValType kTypesXX[] = {kX, kX};
constexpr ValType kTypesXXX[] = {kX, kX, kX};
constexpr ValType kTypesXI[] = {kX, kI};
constexpr ValType kTypesXL[] = {kX, kL};
constexpr ValType kTypesXF[] = {kX, kF};
constexpr ValType kTypesXD[] = {kX, kD};
constexpr ValType kTypesIX[] = {kI, kX};

using Types = std::span<const ValType>;

// Operands and results of a Sig (named result_operands).
void SigTypes(Sig sig, Types& in, Types& out) {
  switch (sig) {
    case Sig::kSpecial: in = {}; out = {}; break;
    case Sig::kI_I: in = kTypesI; out = kTypesI; break;
    case Sig::kI_II: in = kTypesII; out = kTypesI; break;
    case Sig::kL_L: in = kTypesL; out = kTypesL; break;
    case Sig::kL_LL: in = kTypesLL; out = kTypesL; break;
    case Sig::kI_L: in = kTypesL; out = kTypesI; break;
    case Sig::kI_LL: in = kTypesLL; out = kTypesI; break;
    case Sig::kF_F: in = kTypesF; out = kTypesF; break;
    case Sig::kF_FF: in = kTypesFF; out = kTypesF; break;
    case Sig::kI_FF: in = kTypesFF; out = kTypesI; break;
    case Sig::kD_D: in = kTypesD; out = kTypesD; break;
    case Sig::kD_DD: in = kTypesDD; out = kTypesD; break;
    case Sig::kI_DD: in = kTypesDD; out = kTypesI; break;
    case Sig::kI_F: in = kTypesF; out = kTypesI; break;
    case Sig::kI_D: in = kTypesD; out = kTypesI; break;
    case Sig::kL_I: in = kTypesI; out = kTypesL; break;
    case Sig::kL_F: in = kTypesF; out = kTypesL; break;
    case Sig::kL_D: in = kTypesD; out = kTypesL; break;
    case Sig::kF_I: in = kTypesI; out = kTypesF; break;
    case Sig::kF_L: in = kTypesL; out = kTypesF; break;
    case Sig::kF_D: in = kTypesD; out = kTypesF; break;
    case Sig::kD_I: in = kTypesI; out = kTypesD; break;
    case Sig::kD_L: in = kTypesL; out = kTypesD; break;
    case Sig::kD_F: in = kTypesF; out = kTypesD; break;
    case Sig::kV_II: in = kTypesII; out = {}; break;
    case Sig::kV_IL: in = kTypesIL; out = {}; break;
    case Sig::kV_IF: in = kTypesIF; out = {}; break;
    case Sig::kV_ID: in = kTypesID; out = {}; break;
    case Sig::kX_0: in = {}; out = kTypesX; break;
    case Sig::kX_I: in = kTypesI; out = kTypesX; break;
    case Sig::kX_L: in = kTypesL; out = kTypesX; break;
    case Sig::kX_F: in = kTypesF; out = kTypesX; break;
    case Sig::kX_D: in = kTypesD; out = kTypesX; break;
    case Sig::kX_X: in = kTypesX; out = kTypesX; break;
    case Sig::kX_XX: in = kTypesXX; out = kTypesX; break;
    case Sig::kX_XXX: in = kTypesXXX; out = kTypesX; break;
    case Sig::kI_X: in = kTypesX; out = kTypesI; break;
    case Sig::kL_X: in = kTypesX; out = kTypesL; break;
    case Sig::kF_X: in = kTypesX; out = kTypesF; break;
    case Sig::kD_X: in = kTypesX; out = kTypesD; break;
    case Sig::kX_XI: in = kTypesXI; out = kTypesX; break;
    case Sig::kX_XL: in = kTypesXL; out = kTypesX; break;
    case Sig::kX_XF: in = kTypesXF; out = kTypesX; break;
    case Sig::kX_XD: in = kTypesXD; out = kTypesX; break;
    case Sig::kV_IX: in = kTypesIX; out = {}; break;
    case Sig::kX_IX: in = kTypesIX; out = kTypesX; break;
  }
}

bool IsNumOrUnknown(ValType t) { return t == kUnknownType || IsNumType(t); }
bool IsVecOrUnknown(ValType t) { return t == kUnknownType || t == ValType::kV128; }

}  // namespace

Status FunctionValidator::CheckMemory() {
  if (module_.num_memories() == 0) return Fail(Errc::kUnknownMemory, "memory 0 does not exist");
  return OkStatus();
}

Result<ValType> FunctionValidator::TableElemType(uint32_t table_index) {
  if (table_index >= module_.num_tables()) {
    return Fail(Errc::kUnknownTable, "table " + std::to_string(table_index) + " does not exist (" +
                                         std::to_string(module_.num_tables()) + " tables)");
  }
  return module_.TableTypeOf(table_index).elem_type;
}

Status FunctionValidator::CheckElem(uint32_t elem_index) {
  if (elem_index >= module_.elems.size()) {
    return Fail(Errc::kUnknownElem, "element segment " + std::to_string(elem_index) + " does not exist (" +
                                        std::to_string(module_.elems.size()) + " segments)");
  }
  return OkStatus();
}

Status FunctionValidator::CheckData(uint32_t data_index) {
  const size_t count = module_.data_count ? *module_.data_count : module_.datas.size();
  if (data_index >= count) {
    return Fail(Errc::kUnknownData, "data segment " + std::to_string(data_index) + " does not exist (" +
                                        std::to_string(count) + " segments)");
  }
  return OkStatus();
}

Status FunctionValidator::StepVariable(const Instr& instr) {
  switch (instr.op) {
    case Opcode::Drop: {
      CELLA_ASSIGN_OR_RETURN(ValType type, PopAny());
      SetEffect(OneType(type), {});
      return OkStatus();
    }
    case Opcode::Select:
    case Opcode::SelectT: {
      if (instr.op == Opcode::SelectT && instr.index != 1) {
        return Fail(Errc::kInvalidResultArity, "select must have exactly one result type, has " +
                                                   std::to_string(instr.index));
      }
      CELLA_TRY(Pop(ValType::kI32));
      ValType expected = instr.op == Opcode::SelectT ? instr.type : kUnknownType;
      CELLA_ASSIGN_OR_RETURN(ValType t1, Pop(expected));
      CELLA_ASSIGN_OR_RETURN(ValType t2, Pop(expected));
      ValType type = expected;
      if (instr.op == Opcode::Select) {
        if (!(IsNumOrUnknown(t1) && IsNumOrUnknown(t2)) && !(IsVecOrUnknown(t1) && IsVecOrUnknown(t2))) {
          return Fail(Errc::kTypeMismatch, "operands " + std::string(TypeName(t2)) + " and " +
                                               std::string(TypeName(t1)) +
                                               " need a typed select (only numeric operands may be untyped)");
        }
        if (t1 != t2 && t1 != kUnknownType && t2 != kUnknownType) {
          return Fail(Errc::kTypeMismatch, "operands differ: " + std::string(TypeName(t2)) + " and " +
                                               std::string(TypeName(t1)));
        }
        type = t1 == kUnknownType ? t2 : t1;
      }
      Push(type);
      popped_buf_.assign({type, type, ValType::kI32});
      SetEffect(popped_buf_, OneType(type));
      return OkStatus();
    }
    case Opcode::LocalGet:
    case Opcode::LocalSet:
    case Opcode::LocalTee: {
      if (instr.index >= locals_.size()) {
        return Fail(Errc::kUnknownLocal, "local " + std::to_string(instr.index) + " does not exist (" +
                                             std::to_string(locals_.size()) + " locals)");
      }
      Types type = OneType(locals_[instr.index]);
      if (instr.op == Opcode::LocalGet) return Apply({}, type);
      return Apply(type, instr.op == Opcode::LocalTee ? type : Types());
    }
    case Opcode::GlobalGet:
    case Opcode::GlobalSet: {
      if (instr.index >= module_.num_globals()) {
        return Fail(Errc::kUnknownGlobal, "global " + std::to_string(instr.index) + " does not exist (" +
                                              std::to_string(module_.num_globals()) + " globals)");
      }
      GlobalType global = module_.GlobalTypeOf(instr.index);
      Types type = OneType(global.type);
      if (instr.op == Opcode::GlobalGet) return Apply({}, type);
      if (!global.mutable_) {
        return Fail(Errc::kImmutableGlobal, "global " + std::to_string(instr.index) + " is immutable");
      }
      return Apply(type, {});
    }
    default:
      return OkStatus();
  }
}

Status FunctionValidator::StepMemory(const Instr& instr) {
  switch (instr.op) {
    case Opcode::MemorySize:
      CELLA_TRY(CheckMemory());
      return Apply({}, kTypesI);
    case Opcode::MemoryGrow:
      CELLA_TRY(CheckMemory());
      return Apply(kTypesI, kTypesI);
    case Opcode::MemoryFill:
    case Opcode::MemoryCopy:
      CELLA_TRY(CheckMemory());
      return Apply(kTypesIII, {});
    case Opcode::MemoryInit:
      CELLA_TRY(CheckMemory());
      if (NeedsDataCount(module_, instr)) return DataCountRequired(instr);
      CELLA_TRY(CheckData(instr.index));
      return Apply(kTypesIII, {});
    case Opcode::DataDrop:
      if (NeedsDataCount(module_, instr)) return DataCountRequired(instr);
      return CheckData(instr.index);
    default: {
      // Loads and stores.
      CELLA_TRY(CheckMemory());
      const uint32_t natural = MemAccessLog2(instr.op);
      if (instr.memarg.align_log2 > natural) {
        return Fail(Errc::kAlignmentTooLarge, "alignment 2^" + std::to_string(instr.memarg.align_log2) +
                                                  " is larger than the natural alignment 2^" +
                                                  std::to_string(natural));
      }
      Types in, out;
      SigTypes(GetOpcodeInfo(instr.op).sig, in, out);
      return Apply(in, out);
    }
  }
}

Status FunctionValidator::StepTableOrRef(const Instr& instr) {
  switch (instr.op) {
    case Opcode::RefNull:
      return Apply({}, OneType(instr.type));
    case Opcode::RefIsNull: {
      CELLA_ASSIGN_OR_RETURN(ValType type, PopAny());
      if (type != kUnknownType && !IsRefType(type)) {
        return Fail(Errc::kTypeMismatch, "expected a reference, got " + std::string(TypeName(type)));
      }
      Push(ValType::kI32);
      SetEffect(OneType(type), kTypesI);
      return OkStatus();
    }
    case Opcode::RefFunc:
      if (instr.index >= module_.num_funcs()) {
        return Fail(Errc::kUnknownFunction, "function " + std::to_string(instr.index) + " does not exist (" +
                                                std::to_string(module_.num_funcs()) + " functions)");
      }
      if (instr.index >= context_.declared_func_refs.size() || !context_.declared_func_refs[instr.index]) {
        return Fail(Errc::kUndeclaredFuncRef, "function " + std::to_string(instr.index) +
                                                  " is not declared in an element segment, global or export");
      }
      return Apply({}, OneType(ValType::kFuncRef));
    case Opcode::ElemDrop:
      return CheckElem(instr.index);
    case Opcode::TableCopy: {
      CELLA_ASSIGN_OR_RETURN(ValType dst, TableElemType(instr.index));
      CELLA_ASSIGN_OR_RETURN(ValType src, TableElemType(instr.index2));
      if (dst != src) {
        return Fail(Errc::kTypeMismatch, "cannot copy " + std::string(TypeName(src)) + " table " +
                                             std::to_string(instr.index2) + " into " + std::string(TypeName(dst)) +
                                             " table " + std::to_string(instr.index));
      }
      return Apply(kTypesIII, {});
    }
    case Opcode::TableInit: {
      CELLA_ASSIGN_OR_RETURN(ValType table_type, TableElemType(instr.index2));
      CELLA_TRY(CheckElem(instr.index));
      ValType elem_type = module_.elems[instr.index].type;
      if (elem_type != table_type) {
        return Fail(Errc::kTypeMismatch, "element segment " + std::to_string(instr.index) + " of " +
                                             std::string(TypeName(elem_type)) + " cannot initialize " +
                                             std::string(TypeName(table_type)) + " table " +
                                             std::to_string(instr.index2));
      }
      return Apply(kTypesIII, {});
    }
    default:
      break;
  }
  // table.get/set/size/grow/fill x
  CELLA_ASSIGN_OR_RETURN(ValType type, TableElemType(instr.index));
  switch (instr.op) {
    case Opcode::TableGet:
      return Apply(kTypesI, OneType(type));
    case Opcode::TableSet:
      popped_buf_.assign({ValType::kI32, type});
      return Apply(popped_buf_, {});
    case Opcode::TableSize:
      return Apply({}, kTypesI);
    case Opcode::TableGrow:
      popped_buf_.assign({type, ValType::kI32});
      return Apply(popped_buf_, kTypesI);
    case Opcode::TableFill:
      popped_buf_.assign({ValType::kI32, type, ValType::kI32});
      return Apply(popped_buf_, {});
    default:
      return OkStatus();
  }
}

Status FunctionValidator::StepSimd(const Instr& instr) {
  const OpcodeInfo& info = GetOpcodeInfo(instr.op);
  if (uint32_t lanes = LaneCount(instr.op); lanes != 0 && instr.lane >= lanes) {
    return Fail(Errc::kInvalidLaneIndex, "lane " + std::to_string(instr.lane) + " of " + std::string(info.name) +
                                             " (" + std::to_string(lanes) + " lanes)");
  }
  if (info.imm == Imm::kShuffle) {
    for (int i = 0; i < 16; ++i) {
      uint64_t byte = ((i < 8 ? instr.bits : instr.bits_hi) >> (8 * (i % 8))) & 0xFF;
      if (byte >= 32) {
        return Fail(Errc::kInvalidLaneIndex, "shuffle lane " + std::to_string(byte) + " (32 lanes)");
      }
    }
  }
  if (info.imm == Imm::kMemArg || info.imm == Imm::kMemArgLane) return StepMemory(instr);
  return StepSimple(instr);
}

Status FunctionValidator::StepSimple(const Instr& instr) {
  switch (instr.op) {
    case Opcode::I32Const: return Apply({}, kTypesI);
    case Opcode::I64Const: return Apply({}, kTypesL);
    case Opcode::F32Const: return Apply({}, kTypesF);
    case Opcode::F64Const: return Apply({}, kTypesD);
    default: {
      const OpcodeInfo& info = GetOpcodeInfo(instr.op);
      if (info.sig == Sig::kSpecial) {
        return Fail(Errc::kUnsupported, "instruction without a stack signature");
      }
      Types in, out;
      SigTypes(info.sig, in, out);
      return Apply(in, out);
    }
  }
}

}  // namespace cella::wasm::internal
