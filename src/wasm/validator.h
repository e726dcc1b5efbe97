// wasm/validator.h: the spec's validation algorithm (operand and control stacks) for
// module declarations and function bodies. Function-body validation reports each
// accepted instruction to a FunctionSink, so the interpreter's compiler translates a
// function in the same single pass. Not thread-safe per call; Module is read-only.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "base/result.h"
#include "wasm/module.h"

namespace cella::wasm {

// What an instruction did to the operand stack, as the validator computed it.
//
// reachable == false: the instruction is in unreachable code (after br, br_table,
// return or unreachable, until the end of the enclosing block); `popped` and `pushed` are
// then empty. Control instructions in unreachable code are still reported so a sink can
// mirror the control stack.
//
// For reachable instructions, `popped` lists the operand types consumed (bottom first)
// and `pushed` the types produced:
//   block/loop: popped = block params, pushed = block params (now inside the block)
//   if:         popped = block params + [i32], pushed = block params
//   else:       popped = then-branch results, pushed = block params
//   end:        popped = the block's results, pushed = the block's results (now outside);
//               the function's final `end` likewise with the function results
//   br:         popped = label types; br_if: popped = label types + [i32], pushed = label types
//   br_table:   popped = default label types + [i32]; return: popped = function results
//   call/call_indirect: popped = params (+ [i32] for call_indirect), pushed = results;
//   return_call/return_call_indirect: likewise, pushed = nothing (the rest is unreachable)
//   every other instruction: exactly its operands and results.
// For `else`/`end`, `reachable` tells whether the end of the arm being closed is
// reachable by falling through. (So an `else` after a then-arm ending in br/unreachable
// is reported unreachable with empty spans, although the else-arm itself starts live with
// the block params; instructions inside a block entered from unreachable code are all
// unreachable.)
struct InstrEffect {
  bool reachable = true;
  std::span<const ValType> popped;
  std::span<const ValType> pushed;
};

class FunctionSink {
 public:
  virtual ~FunctionSink() = default;
  // `locals` = parameters then declared locals.
  virtual void BeginFunction(uint32_t func_index, const FuncType& type, std::span<const ValType> locals) = 0;
  // Called after `instr` passed validation. br_table targets (without the default) are in
  // `br_targets`.
  virtual void OnInstr(const Instr& instr, std::span<const uint32_t> br_targets, const InstrEffect& effect) = 0;
  // After the final `end`. A sink may refuse the function (e.g. an implementation limit).
  virtual Status EndFunction() = 0;
};

// Facts about the module that function-body validation needs, computed once.
struct ModuleContext {
  std::vector<bool> declared_func_refs;  // per function index: may appear in ref.func
};

// Validates everything except function bodies: types, imports, tables, memories,
// globals, exports, start, element and data segments.
Result<ModuleContext> ValidateDeclarations(const Module& module);

// Validates the body of defined function `defined_index` (0 = first non-imported
// function). `module`'s declarations must have passed ValidateDeclarations, which gave
// `context`. `sink` may be null. When an instruction is invalid, the rest of the body is
// still decoded and a malformed error found there is returned instead (see Validate).
Status ValidateFunction(const Module& module, const ModuleContext& context, uint32_t defined_index,
                        FunctionSink* sink);

// Declarations and every function body. Malformed takes precedence over invalid, as
// in the spec (which decodes the whole binary first): on a validation error, every body
// is decoded and the first malformed error, if any, is returned instead.
Status Validate(const Module& module);

// Decodes (without validating) every instruction of the body of defined function
// `defined_index`: opcodes and immediates, block nesting (`else` only inside `if`, the
// final `end` last), and the data count section that memory.init/data.drop require.
// Returns the first malformed (Phase::kDecode) error, or OK.
Status CheckBodyDecode(const Module& module, uint32_t defined_index);

// CheckBodyDecode for every defined function from `first_defined_index` on. A caller
// that validates bodies one by one with ValidateFunction runs this over the remaining
// bodies when one is invalid, to report a later malformed body first, as Validate does.
// ValidateFunction itself already prefers a malformed error within its own body.
Status CheckBodiesDecode(const Module& module, uint32_t first_defined_index);

}  // namespace cella::wasm
