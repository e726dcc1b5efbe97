// interp/compile_ops.cc: compiler cases for variables, numeric/memory instructions,
// bulk memory, tables and references; and lazy compilation of step code.
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
    case Sig::kSpecial: break;
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
      Operand addr = Pop();
      EmitWithResult(op, shape.result);
      Word(addr.slot);
      Word(instr.memarg.offset);
    } else {  // store: addr, value, offset
      Operand value = Pop();
      Operand addr = Pop();
      Emit(op);
      Word(addr.slot);
      Word(value.slot);
      Word(instr.memarg.offset);
    }
    return;
  }
  if (shape.params == 1) {
    Operand a = Pop();
    EmitWithResult(op, shape.result);
    Word(a.slot);
  } else {
    Operand b = Pop();
    Operand a = Pop();
    EmitWithResult(op, shape.result);
    Word(a.slot);
    Word(b.slot);
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
        EmitCopy(slot, value.slot, value.type);
      }
      if (instr.op == Opcode::LocalTee) {
        if (optimize_) {
          PushAt(value.type, slot);
        } else {
          PushTemp(value.type);  // the value is still in its canonical slot
        }
      }
      return;
    }
    case Opcode::GlobalGet:
      EmitWithResult(Op::kGlobalGet, module_.GlobalTypeOf(instr.index).type);
      Word(instr.index);
      return;
    case Opcode::GlobalSet: {
      Operand value = Pop();
      Emit(Op::kGlobalSet);
      Word(instr.index);
      Word(value.slot);
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
      Operand delta = Pop();
      EmitWithResult(Op::kMemoryGrow, ValType::kI32);
      Word(delta.slot);
      return;
    }
    case Opcode::MemoryFill:
    case Opcode::MemoryCopy:
    case Opcode::MemoryInit: {
      PayFor(instr, 1);
      Operand n = Pop();
      Operand src = Pop();
      Operand dst = Pop();
      Emit(instr.op == Opcode::MemoryFill ? Op::kMemoryFill
           : instr.op == Opcode::MemoryCopy ? Op::kMemoryCopy
                                            : Op::kMemoryInit);
      if (instr.op == Opcode::MemoryInit) Word(instr.index);
      Word(dst.slot);
      Word(src.slot);
      Word(n.slot);
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
      Operand index = Pop();
      EmitWithResult(Op::kTableGet, module_.TableTypeOf(instr.index).elem_type);
      Word(instr.index);
      Word(index.slot);
      return;
    }
    case Opcode::TableSet: {
      PayFor(instr, 1);
      Operand value = Pop();
      Operand index = Pop();
      Emit(Op::kTableSet);
      Word(instr.index);
      Word(index.slot);
      Word(value.slot);
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
      EmitWithResult(Op::kTableGrow, ValType::kI32);
      Word(instr.index);
      Word(init.slot);
      Word(delta.slot);
      return;
    }
    case Opcode::TableFill: {
      PayFor(instr, 1);
      Operand n = Pop();
      Operand value = Pop();
      Operand index = Pop();
      Emit(Op::kTableFill);
      Word(instr.index);
      Word(index.slot);
      Word(value.slot);
      Word(n.slot);
      return;
    }
    case Opcode::TableCopy:
    case Opcode::TableInit: {
      PayFor(instr, 1);
      Operand n = Pop();
      Operand src = Pop();
      Operand dst = Pop();
      if (instr.op == Opcode::TableCopy) {
        Emit(Op::kTableCopy);
        Word(instr.index);   // destination table
        Word(instr.index2);  // source table
      } else {
        Emit(Op::kTableInit);
        Word(instr.index2);  // table
        Word(instr.index);   // element segment
      }
      Word(dst.slot);
      Word(src.slot);
      Word(n.slot);
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
      EmitWithResult(Op::kSelect, a.type);
      Word(a.slot);
      Word(b.slot);
      Word(cond.slot);
      return;
    }
    case Opcode::I32Const:
    case Opcode::F32Const:
      EmitWithResult(Op::kConst32, instr.op == Opcode::I32Const ? ValType::kI32 : ValType::kF32);
      Word(static_cast<uint32_t>(instr.bits));
      return;
    case Opcode::I64Const:
    case Opcode::F64Const:
      EmitWithResult(Op::kConst64, instr.op == Opcode::I64Const ? ValType::kI64 : ValType::kF64);
      Word(static_cast<uint32_t>(instr.bits));
      Word(static_cast<uint32_t>(instr.bits >> 32));
      return;
    case Opcode::RefNull:
      EmitWithResult(Op::kRefNull, instr.type);
      return;
    case Opcode::RefIsNull: {
      Operand ref = Pop();
      EmitWithResult(Op::kRefIsNull, ValType::kI32);
      Word(ref.slot);
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
