// wasm/validate_control.cc: validation of control instructions: blocks, branches,
// return and calls (the control-frame half of the spec's validation algorithm).
#include "wasm/decode_internal.h"
#include "wasm/validate_internal.h"

namespace cella::wasm::internal {

Status FunctionValidator::ResolveBlockType(const BlockType& block, Types& params, Types& results) {
  params = {};
  results = {};
  switch (block.kind) {
    case BlockType::Kind::kEmpty:
      break;
    case BlockType::Kind::kValue:
      results = OneType(block.value);
      break;
    case BlockType::Kind::kTypeIndex:
      if (block.type_index >= module_.types.size()) {
        return Fail(Errc::kUnknownType, "block type " + std::to_string(block.type_index) + " does not exist (" +
                                            std::to_string(module_.types.size()) + " types)");
      }
      params = module_.types[block.type_index].params;
      results = module_.types[block.type_index].results;
      break;
  }
  return OkStatus();
}

Result<const FunctionValidator::Frame*> FunctionValidator::Label(uint32_t depth) {
  if (depth >= frames_.size()) {
    return Fail(Errc::kUnknownLabel,
                "label " + std::to_string(depth) + " does not exist (depth " + std::to_string(frames_.size()) + ")");
  }
  return &frames_[frames_.size() - 1 - depth];
}

Status FunctionValidator::StepControl(const Instr& instr) {
  switch (instr.op) {
    case Opcode::Unreachable:
      SetUnreachable();
      return OkStatus();
    case Opcode::Nop:
      return OkStatus();
    case Opcode::Block:
    case Opcode::Loop:
    case Opcode::If: {
      Types params, results;
      CELLA_TRY(ResolveBlockType(instr.block, params, results));
      if (instr.op == Opcode::If) CELLA_TRY(Pop(ValType::kI32));
      CELLA_TRY(PopAll(params));
      PushCtrl(instr.op, params, results);
      SetEffect(instr.op == Opcode::If ? WithI32(params) : params, params);
      return OkStatus();
    }
    case Opcode::Else: {
      if (frames_.back().op != Opcode::If) return MisplacedElse(instr);
      CELLA_ASSIGN_OR_RETURN(Frame frame, PopCtrl());
      PushCtrl(Opcode::Else, frame.params, frame.results);
      SetEffect(frame.results, frame.params);
      return OkStatus();
    }
    case Opcode::End: {
      CELLA_ASSIGN_OR_RETURN(Frame frame, PopCtrl());
      if (frame.op == Opcode::If && !std::equal(frame.params.begin(), frame.params.end(), frame.results.begin(),
                                                frame.results.end())) {
        return Fail(Errc::kTypeMismatch, "an if without else must have equal parameters " +
                                             TypeListText(frame.params) + " and results " +
                                             TypeListText(frame.results));
      }
      if (frames_.empty()) {
        if (!reader_.at_end()) return JunkAfterBody(reader_);
      } else {
        PushAll(frame.results);
      }
      SetEffect(frame.results, frame.results);
      return OkStatus();
    }
    default:
      return OkStatus();
  }
}

Status FunctionValidator::StepBranch(const Instr& instr) {
  switch (instr.op) {
    case Opcode::Br: {
      CELLA_ASSIGN_OR_RETURN(const Frame* label, Label(instr.index));
      Types types = LabelTypes(*label);
      CELLA_TRY(PopAll(types));
      SetUnreachable();
      SetEffect(types, {});
      return OkStatus();
    }
    case Opcode::BrIf: {
      CELLA_ASSIGN_OR_RETURN(const Frame* label, Label(instr.index));
      Types types = LabelTypes(*label);
      CELLA_TRY(Pop(ValType::kI32));
      CELLA_TRY(PopAll(types));
      PushAll(types);
      SetEffect(WithI32(types), types);
      return OkStatus();
    }
    case Opcode::BrTable: {
      CELLA_TRY(Pop(ValType::kI32));
      CELLA_ASSIGN_OR_RETURN(const Frame* default_label, Label(instr.index));
      Types default_types = LabelTypes(*default_label);
      for (uint32_t target : br_targets_) {
        CELLA_ASSIGN_OR_RETURN(const Frame* label, Label(target));
        Types types = LabelTypes(*label);
        if (types.size() != default_types.size()) {
          return Fail(Errc::kTypeMismatch, "target " + std::to_string(target) + " takes " + TypeListText(types) +
                                               " but the default target takes " + TypeListText(default_types));
        }
        CELLA_TRY(PopAllInto(types, actual_buf_));
        PushAll(actual_buf_);
      }
      CELLA_TRY(PopAll(default_types));
      SetUnreachable();
      SetEffect(WithI32(default_types), {});
      return OkStatus();
    }
    case Opcode::Return: {
      Types results = frames_.front().results;
      CELLA_TRY(PopAll(results));
      SetUnreachable();
      SetEffect(results, {});
      return OkStatus();
    }
    default:
      return OkStatus();
  }
}

// return_call / return_call_indirect: the callee's results become the function's, so
// they must be exactly the function's result types; the rest of the block is unreachable.
Status FunctionValidator::CheckTailCallResults(const FuncType& type) {
  Types results = frames_.front().results;
  if (!std::equal(type.results.begin(), type.results.end(), results.begin(), results.end())) {
    return Fail(Errc::kTypeMismatch, "the callee returns " + TypeListText(type.results) +
                                         " but the function returns " + TypeListText(results));
  }
  SetUnreachable();
  return OkStatus();
}

Status FunctionValidator::StepCall(const Instr& instr) {
  const bool tail = instr.op == Opcode::ReturnCall || instr.op == Opcode::ReturnCallIndirect;
  if (instr.op == Opcode::Call || instr.op == Opcode::ReturnCall) {
    if (instr.index >= module_.num_funcs()) {
      return Fail(Errc::kUnknownFunction, "function " + std::to_string(instr.index) + " does not exist (" +
                                              std::to_string(module_.num_funcs()) + " functions)");
    }
    const FuncType& type = module_.FuncTypeOf(instr.index);
    if (!tail) return Apply(type.params, type.results);
    CELLA_TRY(PopAll(type.params));
    SetEffect(type.params, {});
    return CheckTailCallResults(type);
  }
  // call_indirect typeidx tableidx
  CELLA_ASSIGN_OR_RETURN(ValType elem_type, TableElemType(instr.index2));
  if (instr.index >= module_.types.size()) {
    return Fail(Errc::kUnknownType, "type " + std::to_string(instr.index) + " does not exist (" +
                                        std::to_string(module_.types.size()) + " types)");
  }
  if (elem_type != ValType::kFuncRef) {
    return Fail(Errc::kTypeMismatch, "table " + std::to_string(instr.index2) + " holds " +
                                         std::string(TypeName(elem_type)) + ", not funcref");
  }
  const FuncType& type = module_.types[instr.index];
  CELLA_TRY(Pop(ValType::kI32));
  CELLA_TRY(PopAll(type.params));
  if (tail) {
    SetEffect(WithI32(type.params), {});
    return CheckTailCallResults(type);
  }
  PushAll(type.results);
  SetEffect(WithI32(type.params), type.results);
  return OkStatus();
}

}  // namespace cella::wasm::internal
