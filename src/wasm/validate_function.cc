// wasm/validate_function.cc: ValidateFunction (wasm/validator.h): the driver of the
// function-body validator, its operand and control stacks, the reporting of each
// accepted instruction to the FunctionSink, and message helpers.
#include <algorithm>

#include "base/reader.h"
#include "wasm/decode_internal.h"
#include "wasm/validate_internal.h"

namespace cella::wasm {
namespace internal {

Error ValidationError(uint32_t offset, Errc code, const std::string& detail) {
  std::string message = "at byte " + base::HexOffset(offset) + ": " + std::string(ErrcDescription(code));
  if (!detail.empty()) message += ": " + detail;
  return MakeError(code, std::move(message));
}

std::string_view TypeName(ValType type) { return type == kUnknownType ? "unknown" : ValTypeName(type); }

std::string TypeListText(std::span<const ValType> types) {
  std::string text = "[";
  for (size_t i = 0; i < types.size(); ++i) {
    if (i > 0) text += ", ";
    text += TypeName(types[i]);
  }
  return text + "]";
}

void FunctionValidator::Scratch::Clear() {
  base::ClearForReuse(locals, stack, frames, br_targets, popped_buf, actual_buf);
}

FunctionValidator::FunctionValidator(const Module& module, const ModuleContext& context, uint32_t defined_index,
                                     FunctionSink* sink)
    : module_(module),
      context_(context),
      defined_index_(defined_index),
      sink_(sink),
      reader_({}),
      locals_(scratch_->locals),
      stack_(scratch_->stack),
      frames_(scratch_->frames),
      br_targets_(scratch_->br_targets),
      popped_buf_(scratch_->popped_buf),
      actual_buf_(scratch_->actual_buf) {}

Error FunctionValidator::Fail(Errc code, const std::string& detail) const {
  return ValidationError(instr_->offset, code, detail + " in " + std::string(GetOpcodeInfo(instr_->op).name));
}

Result<ValType> FunctionValidator::Pop(ValType expected) {
  const Frame& frame = frames_.back();
  if (stack_.size() == frame.height) {
    if (frame.unreachable) return kUnknownType;
    return Fail(Errc::kTypeMismatch, expected == kUnknownType
                                         ? std::string("expected a value, got nothing")
                                         : "expected " + std::string(TypeName(expected)) + ", got nothing");
  }
  ValType actual = stack_.back();
  stack_.pop_back();
  if (actual != expected && actual != kUnknownType && expected != kUnknownType) {
    return Fail(Errc::kTypeMismatch,
                "expected " + std::string(TypeName(expected)) + ", got " + std::string(TypeName(actual)));
  }
  return actual;
}

Status FunctionValidator::PopAllSlow(Types expected) {
  for (size_t i = expected.size(); i-- > 0;) CELLA_TRY(Pop(expected[i]));
  return OkStatus();
}

Status FunctionValidator::PopAllInto(Types expected, std::vector<ValType>& actual) {
  actual.assign(expected.size(), kUnknownType);
  for (size_t i = expected.size(); i-- > 0;) {
    CELLA_ASSIGN_OR_RETURN(actual[i], Pop(expected[i]));
  }
  return OkStatus();
}

void FunctionValidator::PushCtrl(Opcode op, Types params, Types results) {
  Frame frame;
  frame.op = op;
  frame.params = params;
  frame.results = results;
  frame.height = static_cast<uint32_t>(stack_.size());
  frame.dead = !frames_.empty() && (frames_.back().unreachable || frames_.back().dead);
  frames_.push_back(frame);
  PushAll(params);
}

Result<FunctionValidator::Frame> FunctionValidator::PopCtrl() {
  Frame frame = frames_.back();
  CELLA_TRY(PopAll(frame.results));
  if (stack_.size() != frame.height) {
    size_t extra = stack_.size() - frame.height;
    return Fail(Errc::kTypeMismatch, std::to_string(extra) + " extra value(s) " +
                                         TypeListText(Types(stack_).subspan(frame.height)) +
                                         " left on the stack at the end of the block");
  }
  frames_.pop_back();
  return frame;
}

void FunctionValidator::SetUnreachable() {
  stack_.resize(frames_.back().height);
  frames_.back().unreachable = true;
}

FunctionValidator::Types FunctionValidator::WithI32(Types types) {
  popped_buf_.assign(types.begin(), types.end());
  popped_buf_.push_back(ValType::kI32);
  return popped_buf_;
}

Status FunctionValidator::Step(const Instr& instr) {
  instr_ = &instr;
  if (sink_ == nullptr) return StepRest(instr);  // only validating: no effect to report
  const Frame& top = frames_.back();
  const bool reachable = !top.unreachable && !top.dead;
  SetEffect({}, {});
  CELLA_TRY(StepRest(instr));
  if (!reachable) SetEffect({}, {});  // the sink sees no types in unreachable code
  effect_.reachable = reachable;
  std::span<const uint32_t> targets;
  if (instr.op == Opcode::BrTable) targets = br_targets_;
  sink_->OnInstr(instr, targets, effect_);
  return OkStatus();
}

Status FunctionValidator::StepRest(const Instr& instr) {
  switch (instr.op) {
    case Opcode::Unreachable:
    case Opcode::Nop:
    case Opcode::Block:
    case Opcode::Loop:
    case Opcode::If:
    case Opcode::Else:
    case Opcode::End:
      return StepControl(instr);
    case Opcode::Try:
    case Opcode::Catch:
    case Opcode::CatchAll:
    case Opcode::Delegate:
    case Opcode::Throw:
    case Opcode::Rethrow:
      return StepException(instr);
    case Opcode::Br:
    case Opcode::BrIf:
    case Opcode::BrTable:
    case Opcode::Return:
      return StepBranch(instr);
    case Opcode::Call:
    case Opcode::CallIndirect:
    case Opcode::ReturnCall:
    case Opcode::ReturnCallIndirect:
      return StepCall(instr);
    case Opcode::Drop:
    case Opcode::Select:
    case Opcode::SelectT:
    case Opcode::LocalGet:
    case Opcode::LocalSet:
    case Opcode::LocalTee:
    case Opcode::GlobalGet:
    case Opcode::GlobalSet:
      return StepVariable(instr);
    case Opcode::TableGet:
    case Opcode::TableSet:
    case Opcode::TableSize:
    case Opcode::TableGrow:
    case Opcode::TableFill:
    case Opcode::TableCopy:
    case Opcode::TableInit:
    case Opcode::ElemDrop:
    case Opcode::RefNull:
    case Opcode::RefIsNull:
    case Opcode::RefFunc:
      return StepTableOrRef(instr);
    case Opcode::MemorySize:
    case Opcode::MemoryGrow:
    case Opcode::MemoryFill:
    case Opcode::MemoryCopy:
    case Opcode::MemoryInit:
    case Opcode::DataDrop:
      return StepMemory(instr);
    default:
      if (IsSimdOpcode(instr.op)) return StepSimd(instr);
      if (GetOpcodeInfo(instr.op).imm == Imm::kMemArg) return StepMemory(instr);
      return StepSimple(instr);
  }
}

Status FunctionValidator::Run() {
  if (defined_index_ >= module_.code.size() || defined_index_ >= module_.functions.size()) {
    return MakeError(Errc::kInvalidArgument, "no defined function " + std::to_string(defined_index_));
  }
  const FunctionBody& body = module_.code[defined_index_];
  const uint32_t type_index = module_.functions[defined_index_];
  if (type_index >= module_.types.size()) {
    return ValidationError(body.whole.offset, Errc::kUnknownType,
                           "function body " + std::to_string(defined_index_) + " has type " +
                               std::to_string(type_index) + ", the module has " +
                               std::to_string(module_.types.size()) + " types");
  }
  const FuncType& type = module_.types[type_index];
  locals_.assign(type.params.begin(), type.params.end());
  for (const LocalRun& run : body.locals) locals_.insert(locals_.end(), run.count, run.type);
  reader_ = base::Reader(module_.Slice(body.code), body.code.offset);
  if (sink_ != nullptr) sink_->BeginFunction(module_.num_imported_funcs() + defined_index_, type, locals_);

  PushCtrl(Opcode::Block, {}, type.results);
  while (!frames_.empty()) {
    if (reader_.at_end()) return BodyEndExpected(reader_);
    Instr& instr = instr_buf_;
    CELLA_TRY(ReadInstrInto(reader_, instr, &br_targets_));
    Status status = Step(instr);
    if (!status.ok()) {
      // Malformed takes precedence: the rest of this body must decode.
      if (PhaseOf(status.error().code) == Phase::kValidate) CELLA_TRY(CheckBodyDecode(module_, defined_index_));
      return status;
    }
  }
  return sink_ != nullptr ? sink_->EndFunction() : OkStatus();
}

}  // namespace internal

Status ValidateFunction(const Module& module, const ModuleContext& context, uint32_t defined_index,
                        FunctionSink* sink) {
  return internal::FunctionValidator(module, context, defined_index, sink).Run();
}

}  // namespace cella::wasm
