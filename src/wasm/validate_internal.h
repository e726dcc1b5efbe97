// wasm/validate_internal.h: the function-body validator (the spec's validation
// algorithm: operand stack with an unknown type, control frames with an `unreachable`
// flag) and message helpers shared by the validator's files. Internal to src/wasm.
#pragma once

#include <algorithm>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "base/reader.h"
#include "base/result.h"
#include "base/scratch.h"
#include "wasm/module.h"
#include "wasm/validator.h"

namespace cella::wasm::internal {

// The operand type of a stack-polymorphic pop (never a real ValType encoding).
constexpr ValType kUnknownType = static_cast<ValType>(0);

// "at byte 0x1f: <spec wording>: <detail>".
Error ValidationError(uint32_t offset, Errc code, const std::string& detail);
// "i32", or "unknown" for kUnknownType.
std::string_view TypeName(ValType type);
// "[i32, f64]".
std::string TypeListText(std::span<const ValType> types);

class FunctionValidator {
 public:
  FunctionValidator(const Module& module, const ModuleContext& context, uint32_t defined_index, FunctionSink* sink);
  FunctionValidator(const FunctionValidator&) = delete;
  FunctionValidator& operator=(const FunctionValidator&) = delete;
  Status Run();

 private:
  struct Frame {
    Opcode op = Opcode::Block;  // Block, Loop, If, Else, Try, Catch, CatchAll; the function's is a Block
    std::span<const ValType> params;
    std::span<const ValType> results;
    uint32_t height = 0;
    bool unreachable = false;  // the spec's flag: code after br/return/unreachable
    bool dead = false;         // entered from unreachable code
  };
  using Types = std::span<const ValType>;

  Status Step(const Instr& instr);
  Status StepRest(const Instr& instr);

  // Operand stack (validate_function.cc).
  void Push(ValType type) { stack_.push_back(type); }
  void PushAll(Types types) {
    for (ValType t : types) stack_.push_back(t);  // (short lists: cheaper than insert)
  }
  Result<ValType> Pop(ValType expected);
  Result<ValType> PopAny() { return Pop(kUnknownType); }
  Status PopAll(Types expected) {
    // Fast path: the values are all there, in the current block, with exactly these types.
    const size_t n = expected.size();
    if (stack_.size() >= frames_.back().height + n &&
        std::equal(expected.begin(), expected.end(), stack_.end() - static_cast<ptrdiff_t>(n))) [[likely]] {
      stack_.resize(stack_.size() - n);
      return OkStatus();
    }
    return PopAllSlow(expected);
  }
  Status PopAllSlow(Types expected);
  // Pops `expected` and stores the types actually found (unknown in unreachable code).
  Status PopAllInto(Types expected, std::vector<ValType>& actual);
  void PushCtrl(Opcode op, Types params, Types results);
  Result<Frame> PopCtrl();
  static Types LabelTypes(const Frame& frame) { return frame.op == Opcode::Loop ? frame.params : frame.results; }
  void SetUnreachable();

  // Instruction classes.
  Status StepControl(const Instr& instr);      // validate_control.cc
  Status StepBranch(const Instr& instr);       // validate_control.cc
  Status StepException(const Instr& instr);    // validate_exceptions.cc
  Result<const FuncType*> TagType(uint32_t tag_index);  // validate_exceptions.cc
  Status StepCall(const Instr& instr);         // validate_control.cc
  Status CheckTailCallResults(const FuncType& type);  // validate_control.cc
  Status StepVariable(const Instr& instr);     // validate_operators.cc
  Status StepMemory(const Instr& instr);       // validate_operators.cc
  Status StepTableOrRef(const Instr& instr);   // validate_operators.cc
  Status StepSimple(const Instr& instr);       // validate_operators.cc
  Status StepSimd(const Instr& instr);         // validate_operators.cc: lane checks, then as above

  // Index checks (validate_operators.cc).
  Status ResolveBlockType(const BlockType& block, Types& params, Types& results);
  Result<const Frame*> Label(uint32_t depth);
  Status CheckMemory();
  Result<ValType> TableElemType(uint32_t table_index);
  Status CheckElem(uint32_t elem_index);
  Status CheckData(uint32_t data_index);

  // An operator with operands `in` and results `out`: checks and reports them.
  Status Apply(Types in, Types out) {
    CELLA_TRY(PopAll(in));
    PushAll(out);
    SetEffect(in, out);
    return OkStatus();
  }
  void SetEffect(Types popped, Types pushed) {
    effect_.popped = popped;
    effect_.pushed = pushed;
  }
  // `types` + [i32] in popped_buf_.
  Types WithI32(Types types);

  Error Fail(Errc code, const std::string& detail) const;

  // The stacks and buffers, reused by the thread's next validation (base::ScratchLease).
  struct Scratch {
    std::vector<ValType> locals;
    std::vector<ValType> stack;
    std::vector<Frame> frames;
    std::vector<uint32_t> br_targets;
    std::vector<ValType> popped_buf;
    std::vector<ValType> actual_buf;
    void Clear();
  };

  const Module& module_;
  const ModuleContext& context_;
  uint32_t defined_index_;
  FunctionSink* sink_;
  base::Reader reader_;
  const Instr* instr_ = nullptr;
  Instr instr_buf_;
  base::ScratchLease<Scratch> scratch_;
  std::vector<ValType>& locals_;
  std::vector<ValType>& stack_;
  std::vector<Frame>& frames_;
  std::vector<uint32_t>& br_targets_;
  std::vector<ValType>& popped_buf_;
  std::vector<ValType>& actual_buf_;
  InstrEffect effect_;
};

}  // namespace cella::wasm::internal
