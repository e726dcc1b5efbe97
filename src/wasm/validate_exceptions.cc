// wasm/validate_exceptions.cc: validation of the exception-handling instructions (the
// legacy proposal's try / catch / catch_all / delegate / throw / rethrow) and tag indices.
// A try's catch arms are control frames of their own (Catch, CatchAll) labelled with the
// try's results, so `rethrow l` can check that label l is a catch arm.
#include "wasm/decode_internal.h"
#include "wasm/validate_internal.h"

namespace cella::wasm::internal {

Result<const FuncType*> FunctionValidator::TagType(uint32_t tag_index) {
  if (tag_index >= module_.num_tags()) {
    return Fail(Errc::kUnknownTag, "tag " + std::to_string(tag_index) + " does not exist (" +
                                       std::to_string(module_.num_tags()) + " tags)");
  }
  return &module_.types[module_.TagTypeIndex(tag_index)];
}

Status FunctionValidator::StepException(const Instr& instr) {
  switch (instr.op) {
    case Opcode::Try: {
      Types params, results;
      CELLA_TRY(ResolveBlockType(instr.block, params, results));
      CELLA_TRY(PopAll(params));
      PushCtrl(Opcode::Try, params, results);
      SetEffect(params, params);
      return OkStatus();
    }
    case Opcode::Catch:
    case Opcode::CatchAll: {
      Opcode top = frames_.back().op;
      if (top != Opcode::Try && top != Opcode::Catch) {
        return MakeError(Errc::kBadOpcode, "at byte " + base::HexOffset(instr.offset) + ": misplaced " +
                                               std::string(GetOpcodeInfo(instr.op).name) +
                                               " (not after a try or a catch)");
      }
      Types payload;
      if (instr.op == Opcode::Catch) {
        CELLA_ASSIGN_OR_RETURN(const FuncType* type, TagType(instr.index));
        payload = type->params;
      }
      CELLA_ASSIGN_OR_RETURN(Frame frame, PopCtrl());
      PushCtrl(instr.op, payload, frame.results);
      SetEffect(frame.results, payload);
      return OkStatus();
    }
    case Opcode::Delegate: {
      if (frames_.back().op != Opcode::Try) {
        return MakeError(Errc::kBadOpcode, "at byte " + base::HexOffset(instr.offset) +
                                               ": misplaced delegate (not ending a try without catches)");
      }
      CELLA_ASSIGN_OR_RETURN(Frame frame, PopCtrl());
      CELLA_TRY(Label(instr.index));  // counted from outside the try
      PushAll(frame.results);
      SetEffect(frame.results, frame.results);
      return OkStatus();
    }
    case Opcode::Throw: {
      CELLA_ASSIGN_OR_RETURN(const FuncType* type, TagType(instr.index));
      CELLA_TRY(PopAll(type->params));
      SetUnreachable();
      SetEffect(type->params, {});
      return OkStatus();
    }
    case Opcode::Rethrow: {
      CELLA_ASSIGN_OR_RETURN(const Frame* label, Label(instr.index));
      if (label->op != Opcode::Catch && label->op != Opcode::CatchAll) {
        return Fail(Errc::kUnknownLabel, "invalid rethrow label " + std::to_string(instr.index) +
                                             " (not a catch block)");
      }
      SetUnreachable();
      return OkStatus();
    }
    default:
      return OkStatus();
  }
}

}  // namespace cella::wasm::internal
