// interp/compiler.h: translates one validated function body into internal code
// (interp/code.h). It is the FunctionSink of wasm::ValidateFunction, so validation and
// translation are one pass. Fast mode folds local.get into operands and charges fuel per
// block; step mode emits one charged instruction per wasm instruction. Not thread-safe.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "base/result.h"
#include "base/scratch.h"
#include "interp/code.h"
#include "wasm/module.h"
#include "wasm/validator.h"

namespace cella::interp {

enum class CodeMode : uint8_t {
  kFast,  // per-block fuel, folded operands
  kStep,  // per-instruction fuel, canonical operands; needs the fast code for TryFast
};

struct CompileOptions {
  CodeMode mode = CodeMode::kFast;
  bool metering = true;             // false: no fuel charges, only interrupt checks
  bool canonicalize_nans = false;   // float arithmetic yields only the canonical NaN
  const Code* fast_code = nullptr;  // kStep: the function's fast code
};

class Compiler final : public wasm::FunctionSink {
 public:
  Compiler(const wasm::Module& module, std::span<const uint32_t> type_ids, CompileOptions options);
  Compiler(const Compiler&) = delete;
  Compiler& operator=(const Compiler&) = delete;

  void BeginFunction(uint32_t func_index, const wasm::FuncType& type,
                     std::span<const wasm::ValType> locals) override;
  void OnInstr(const wasm::Instr& instr, std::span<const uint32_t> br_targets,
               const wasm::InstrEffect& effect) override;
  Status EndFunction() override;

  // The code, in tables of exactly its size (the compiler's own are reused).
  Code TakeCode() const;
  uint32_t local_slots() const { return local_slots_; }
  uint32_t frame_slots() const { return local_slots_ + max_stack_slots_; }
  const std::vector<uint32_t>& local_slot_of() const { return local_slot_of_; }

 private:
  static constexpr uint32_t kConstSlot = UINT32_MAX;
  struct Operand {
    wasm::ValType type;
    uint32_t slot;       // where the value is now; kConstSlot: a constant not yet in a slot
    uint32_t canonical;  // its slot when the stack is canonical
    uint64_t bits = 0;   // the constant, when slot == kConstSlot
  };
  static constexpr uint32_t kNoFixup = UINT32_MAX;
  struct Control {
    wasm::Opcode kind = wasm::Opcode::Block;  // Block, Loop, If or Try; the function body is a Block
    std::span<const wasm::ValType> params;   // in the module's types or wasm::OneType
    std::span<const wasm::ValType> results;
    size_t height = 0;             // operand count below the block's params
    uint32_t slot_height = 0;      // canonical stack slots below the block's params
    uint32_t loop_pc = 0;          // Loop: where branches go
    // Words to patch with the end position, as a chain through the words themselves:
    // each holds the position of the one added before it, the first kNoFixup (AddFixup,
    // PatchFixups).
    uint32_t fixups = kNoFixup;
    uint32_t else_fixup = UINT32_MAX;  // If: the JumpUnless target word
    bool dead = false;             // opened in unreachable code: nothing is emitted for it
    bool rest_unreachable = false; // after br/br_table/return/unreachable
    bool has_else = false;
    bool function = false;
    uint32_t region = kNoRegion;   // Try: its Code::try_regions entry
    uint32_t enclosing_region = kNoRegion;  // the innermost try body around the block's start
    bool in_catch = false;         // Try: a catch arm is being compiled
  };

  // ---- emission ----
  uint32_t pc() const { return static_cast<uint32_t>(code_.words.size()); }
  void Emit(Op op) {
    last_dst_word_ = UINT32_MAX;
    last_copy_ = UINT32_MAX;
    prev_op_ = last_op_;
    last_op_ = pc();
    code_.words.push_back(static_cast<uint32_t>(op));
  }
  // Jump, fused with a Copy or an I32AddImm just before it (CopyJump, I32AddImmJump)
  // when it can be; the target word (LabelWord) follows.
  void EmitJump();
  // Where code may be entered or resumed at pc() (a label, a pause point): the op emitted
  // next starts there, so it must not be merged into the one before.
  void Barrier() {
    last_copy_ = UINT32_MAX;
    last_op_ = UINT32_MAX;
  }
  void Word(uint32_t w) { code_.words.push_back(w); }
  void EmitCopy(uint32_t dst, uint32_t src, wasm::ValType type);
  // An op whose first operand is its result slot (pushed as a new temp).
  void EmitWithResult(Op op, wasm::ValType result_type);

  // ---- operand stack ----
  uint32_t NextCanonical() const { return local_slots_ + stack_slots_; }
  Operand Pop();
  void PushTemp(wasm::ValType type);           // result at its canonical slot
  void PushAt(wasm::ValType type, uint32_t slot);  // result living elsewhere (a local)
  void PushConst(wasm::ValType type, uint64_t bits);  // fast code: emitted only when used
  // The slot holding a popped operand's value, emitting its constant there first.
  uint32_t Use(const Operand& op);
  void EmitConst(uint32_t dst, wasm::ValType type, uint64_t bits);
  void EmitConst128(uint32_t dst, uint64_t lo, uint64_t hi);
  // Copies `op` (a value in a slot or a constant) into slot `dst`.
  void EmitMove(uint32_t dst, const Operand& op);
  void MaterializeAll();
  void MaterializeFrom(size_t first);
  void MaterializeLocal(uint32_t slot);
  std::vector<wasm::ValType> StackTypes() const;

  // ---- fuel blocks and positions ----
  void PayFor(const wasm::Instr& instr, uint32_t cost);
  void RequestBoundary(bool check);
  void CloseBlock();
  void AddPausePoint(uint32_t at_pc, uint32_t wasm_offset, bool return_site, size_t stack_count,
                     uint32_t call_type_id = UINT32_MAX);

  // ---- control ----
  bool Dead() const { return controls_.back().dead || controls_.back().rest_unreachable; }
  void BlockSignature(const wasm::BlockType& bt, std::span<const wasm::ValType>* params,
                      std::span<const wasm::ValType>* results) const;
  // Emits a word to be patched with `target`'s end position (linked into its chain).
  void AddFixup(Control& target);
  // The same for a word already emitted at `word`.
  void AddFixupAt(Control& target, uint32_t word);
  // Writes `to` into every word of `target`'s chain.
  void PatchFixups(const Control& target, uint32_t to);
  void OnBlock(const wasm::Instr& instr);
  void OnElse(const wasm::Instr& instr);
  void OnEnd(const wasm::Instr& instr);
  void OnBr(const wasm::Instr& instr, uint32_t depth);
  void OnBrIf(const wasm::Instr& instr);
  void OnBrTable(const wasm::Instr& instr, std::span<const uint32_t> targets);
  void OnReturn(const wasm::Instr& instr);
  void OnCall(const wasm::Instr& instr);
  void EmitReturn();
  // Copies the top values for a branch to label `depth` into the label's slots, then
  // jumps (or returns, for the function label).
  void EmitBranchTo(uint32_t depth);
  bool BranchNeedsCopies(uint32_t depth) const;
  // The target word of a branch to `target`: a loop's header, or a word patched with the
  // block's end (Control::fixups).
  void LabelWord(Control& target);
  // Fast code: when `cond` is the result of the i32 comparison just emitted, and used by
  // nothing else, takes that comparison back out of the code and gives the fused
  // compare-and-branch op (CompareBranchVariant) and its two operands; else false.
  bool TakeBackComparison(const Operand& cond, bool invert, Op* fused, uint32_t* a, uint32_t* b);
  // After TakeBackComparison: when the op just emitted is an I32AddImm / I32AndImm whose
  // result the comparison reads, turns it into the step-and-branch op (StepBranchVariant)
  // and emits b; the caller emits the target and refund. False if not possible.
  bool FuseStepIntoBranch(Op fused, uint32_t fused_a, uint32_t fused_b);
  // Emits compare-and-branch `fused` on a and b (its target and refund words follow).
  // When it is a BrIfEqImm / BrIfNeImm testing the byte the i32.load8_u just before it
  // loaded, with no way in between, the load becomes I32Load8UBrIf{Eq,Ne}Imm, the pair
  // (the branch's words stay where they are, so its target fix-up is unchanged).
  void EmitCompareBranch(Op fused, uint32_t a, uint32_t b);
  // Fast code: the position of the op just emitted when popped operand `value` is its
  // result, a temporary nothing else reads — an op the next one may absorb; else
  // UINT32_MAX.
  uint32_t ProducerOf(const Operand& value) const;
  // Removes the op at `start` (from ProducerOf) and everything after it; the fused op
  // that replaces them keeps the first instruction's site, or with `last_site` the
  // site of the instruction being compiled (use it when the fused op can trap).
  void TakeBack(uint32_t start, bool last_site = false);
  void MarkUnreachable();

  // ---- exceptions (compile_exceptions.cc) ----
  void OnTry(const wasm::Instr& instr);
  void OnCatch(const wasm::Instr& instr);
  void OnDelegate(const wasm::Instr& instr);
  void OnThrow(const wasm::Instr& instr);
  void OnRethrow(const wasm::Instr& instr);
  // Closes the try body of `c` (its region ends here).
  void EndTryBody(Control& c);
  uint32_t CatchDepth() const { return catch_depth_; }  // catch arms open now
  // The innermost try body open now (kNoRegion: none).
  uint32_t CurrentRegion() const { return open_regions_.empty() ? kNoRegion : open_regions_.back(); }
  void FinishRegions();         // groups catches by region (at the end of the function)

  // ---- everything else ----
  void OnSimple(const wasm::Instr& instr);
  // A binary op with a constant operand as an immediate-operand op; false if not possible.
  bool TryImmediate(Op op, Operand a, Operand b, wasm::ValType result);
  // An i32.add / i32.xor of two slots, one computed by the op just emitted and used only
  // here (a bit field, a product, a rotation or shift by a constant), as one fused op
  // (I32ShrUAndAdd, I32MulAdd, I32ShlImmAdd, I32RotlImmXor, ...: kOperandFusions in
  // compile_ops.cc); false if not possible.
  bool TryFuseWithOperand(Op op, const Operand& a, const Operand& b);
  // After an I32AddImm: when the op just before it is a lone I32AddImm, an i32.add, an
  // i32.store or an i32.store8 with no way in between, makes the two one op
  // (I32AddImmPair, I32AddAddImm, ...; recorded in pairs_).
  void PairWithAddImmBefore();
  // Before the code from `pos` on is taken back or rewritten: a pair whose second op is
  // there becomes its first op alone again; pairs wholly there are forgotten.
  void UnpairFrom(uint32_t pos);
  // A load whose address is the i32.add just emitted (result used only here) as one
  // <load>Add / <load>AddImm op; false if not possible.
  bool TryLoadOfSum(Op load, const Operand& addr, wasm::ValType result, uint32_t offset);
  void OnVariable(const wasm::Instr& instr);
  void OnMemoryOrTable(const wasm::Instr& instr);
  void OnOther(const wasm::Instr& instr);
  void OnSimd(const wasm::Instr& instr);  // compile_simd.cc

  // The growing tables of one compilation. A thread's compilers reuse one set
  // (base::ScratchLease), so compiling function after function allocates almost nothing
  // but the finished code.
  struct Scratch {
    Code code;
    std::vector<wasm::ValType> local_types;
    std::vector<uint32_t> local_slot_of;
    std::vector<Operand> stack;
    std::vector<Control> controls;
    std::vector<uint32_t> open_regions;
    std::vector<std::pair<uint32_t, uint32_t>> refunds;
    std::vector<uint32_t> pairs;
    void Clear();
  };

  const wasm::Module& module_;
  std::span<const uint32_t> type_ids_;
  CompileOptions options_;
  bool optimize_ = true;
  base::ScratchLease<Scratch> scratch_;

  Code& code_;
  std::vector<wasm::ValType>& local_types_;
  std::vector<uint32_t>& local_slot_of_;
  uint32_t local_slots_ = 0;
  std::span<const wasm::ValType> results_;

  std::vector<Operand>& stack_;
  uint32_t stack_slots_ = 0;
  uint32_t max_stack_slots_ = 0;
  std::vector<Control>& controls_;
  std::vector<uint32_t>& open_regions_;  // try bodies being compiled, innermost last
  uint32_t catch_depth_ = 0;            // catch arms being compiled

  bool need_boundary_ = true;
  bool need_check_ = true;
  uint32_t block_ = kNoBlock;
  uint32_t block_cost_ = 0;
  uint32_t charge_word_ = 0;
  // Refund words of the open fuel block's br_ifs, with the block cost paid through each
  // br_if; CloseBlock fills in the refund (the block's cost minus that).
  std::vector<std::pair<uint32_t, uint32_t>>& refunds_;
  uint32_t last_dst_word_ = UINT32_MAX;  // dst operand of the last emitted result-producing op
  // Fast code: position of the last emitted op when it is a Copy that the next Copy or
  // Jump may be merged into (Copy2, CopyJump); else UINT32_MAX.
  uint32_t last_copy_ = UINT32_MAX;
  // Fast code: where the last emitted op and the one before it start, when no code can
  // be entered between them and the next op (Barrier); else UINT32_MAX.
  uint32_t last_op_ = UINT32_MAX;
  uint32_t prev_op_ = UINT32_MAX;
  std::vector<uint32_t>& pairs_;  // where each pair (PairWithAddImmBefore) starts, in code order
};

// Compiles the step version of `function` (validating its body again).
// `options` are those the fast code was compiled with (mode and fast_code are set here).
Result<std::unique_ptr<Code>> CompileStepCode(const wasm::Module& module, const wasm::ModuleContext& context,
                                              std::span<const uint32_t> type_ids, const CompileOptions& options,
                                              const CompiledFunction& function);

}  // namespace cella::interp
