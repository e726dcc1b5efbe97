// tests/wasm/instr_effect_test.cc: what ValidateFunction reports to a FunctionSink: the
// function's locals, and each instruction's InstrEffect (popped/pushed per instruction
// kind, reachability, br_table targets), including unreachable code and multi-value
// blocks.
#include <gtest/gtest.h>

#include "test_module.h"
#include "wasm/validator.h"

namespace cella::wasm {
namespace {

using testing::BodyBytes;
using testing::Bytes;
using testing::Cat;
using testing::FuncTypeBytes;
using testing::Leb;
using testing::Name;
using testing::TestModule;
using testing::Vec;

constexpr ValType kI32 = ValType::kI32;
constexpr ValType kI64 = ValType::kI64;
constexpr ValType kF32 = ValType::kF32;

std::string TypesText(std::span<const ValType> types) {
  std::string text = "[";
  for (size_t i = 0; i < types.size(); ++i) text += (i ? " " : "") + std::string(ValTypeName(types[i]));
  return text + "]";
}

// Records every callback as text: "i32.add [i32 i32] -> [i32]", or "br dead" for an
// instruction in unreachable code.
class RecordingSink : public FunctionSink {
 public:
  void BeginFunction(uint32_t func_index, const FuncType& type, std::span<const ValType> locals) override {
    begin = "func " + std::to_string(func_index) + " " + type.ToString() + " locals " + TypesText(locals);
  }
  void OnInstr(const Instr& instr, std::span<const uint32_t> br_targets, const InstrEffect& effect) override {
    std::string text(GetOpcodeInfo(instr.op).name);
    for (uint32_t target : br_targets) text += " " + std::to_string(target);
    if (!effect.reachable) {
      EXPECT_TRUE(effect.popped.empty() && effect.pushed.empty()) << text;
      records.push_back(text + " dead");
      return;
    }
    records.push_back(text + " " + TypesText(effect.popped) + " -> " + TypesText(effect.pushed));
  }
  Status EndFunction() override {
    ended = true;
    return end_status;
  }

  std::string begin;
  std::vector<std::string> records;
  bool ended = false;
  Status end_status;
};

// Type 0: the function's. Type 1: [i32 i32] -> [i64]. One imported function of type 0
// precedes the body, so the body is function 1. Memory, a funcref table, element
// segment 0 declaring function 1.
std::vector<std::string> Effects(std::initializer_list<ValType> params, std::initializer_list<ValType> results,
                                 const Bytes& code, RecordingSink* sink_out = nullptr) {
  TestModule m;
  m.types = {FuncTypeBytes(params, results), FuncTypeBytes({kI32, kI32}, {kI64})};
  m.imports = {Cat({Name("env"), Name("f"), Bytes{0x00, 0x00}})};
  m.funcs = {0};
  m.tables = {{0x70, 0x00, 0x01}};
  m.memories = {{0x00, 0x01}};
  m.elems = {Cat({Leb(3), Bytes{0x00}, Vec({Leb(1)})})};
  m.bodies = {BodyBytes({{2, kF32}}, code)};
  auto module = testing::DecodeOk(m.Build());
  if (module == nullptr) return {};
  auto context = ValidateDeclarations(*module);
  EXPECT_TRUE(context.ok()) << context.error().ToString();
  RecordingSink sink;
  Status status = ValidateFunction(*module, *context, 0, &sink);
  EXPECT_TRUE(status.ok()) << status.error().ToString();
  EXPECT_TRUE(sink.ended);
  if (sink_out != nullptr) *sink_out = sink;
  return sink.records;
}

using Lines = std::vector<std::string>;

TEST(InstrEffect, ReportsTheFunctionAndItsLocals) {
  RecordingSink sink;
  Effects({kI32}, {kI64}, {0x42, 0x00, 0x0B}, &sink);
  EXPECT_EQ(sink.begin, "func 1 (i32) -> (i64) locals [i32 f32 f32]");
  EXPECT_EQ(sink.records, (Lines{"i64.const [] -> [i64]", "end [i64] -> [i64]"}));
}

TEST(InstrEffect, ReportsOperatorsWithTheirOperandsAndResults) {
  EXPECT_EQ(Effects({kI32}, {kI32}, {0x20, 0x00, 0x41, 0x01, 0x6A, 0x22, 0x00, 0x45, 0x0B}),
            (Lines{"local.get [] -> [i32]", "i32.const [] -> [i32]", "i32.add [i32 i32] -> [i32]",
                   "local.tee [i32] -> [i32]", "i32.eqz [i32] -> [i32]", "end [i32] -> [i32]"}));
  EXPECT_EQ(Effects({}, {}, {0x41, 0x00, 0x42, 0x07, 0x37, 0x03, 0x00, 0x0B}),
            (Lines{"i32.const [] -> [i32]", "i64.const [] -> [i64]", "i64.store [i32 i64] -> []", "end [] -> []"}));
}

TEST(InstrEffect, ReportsParametricAndReferenceInstructions) {
  EXPECT_EQ(Effects({}, {kI64}, {0x42, 0x01, 0x42, 0x02, 0x41, 0x00, 0x1B, 0x0B}),
            (Lines{"i64.const [] -> [i64]", "i64.const [] -> [i64]", "i32.const [] -> [i32]",
                   "select [i64 i64 i32] -> [i64]", "end [i64] -> [i64]"}));
  EXPECT_EQ(Effects({}, {}, {0xD2, 0x01, 0xD1, 0x1A, 0x0B}),
            (Lines{"ref.func [] -> [funcref]", "ref.is_null [funcref] -> [i32]", "drop [i32] -> []",
                   "end [] -> []"}));
  EXPECT_EQ(Effects({}, {kI32}, {0xD0, 0x70, 0x41, 0x02, 0xFC, 0x0F, 0x00, 0x0B}),
            (Lines{"ref.null [] -> [funcref]", "i32.const [] -> [i32]", "table.grow [funcref i32] -> [i32]",
                   "end [i32] -> [i32]"}));
}

TEST(InstrEffect, ReportsMultiValueBlocks) {
  // i32.const 1 i32.const 2 block (type 1) i32.add i64.extend_i32_u end drop
  EXPECT_EQ(Effects({}, {}, {0x41, 0x01, 0x41, 0x02, 0x02, 0x01, 0x6A, 0xAD, 0x0B, 0x1A, 0x0B}),
            (Lines{"i32.const [] -> [i32]", "i32.const [] -> [i32]", "block [i32 i32] -> [i32 i32]",
                   "i32.add [i32 i32] -> [i32]", "i64.extend_i32_u [i32] -> [i64]", "end [i64] -> [i64]",
                   "drop [i64] -> []", "end [] -> []"}));
}

TEST(InstrEffect, ReportsIfElseArms) {
  // local.get 0 if (result i32) i32.const 1 else i32.const 2 end
  EXPECT_EQ(Effects({kI32}, {kI32}, {0x20, 0x00, 0x04, 0x7F, 0x41, 0x01, 0x05, 0x41, 0x02, 0x0B, 0x0B}),
            (Lines{"local.get [] -> [i32]", "if [i32] -> []", "i32.const [] -> [i32]", "else [i32] -> []",
                   "i32.const [] -> [i32]", "end [i32] -> [i32]", "end [i32] -> [i32]"}));
  // With parameters: i32.const 1 i32.const 2 i32.const 0 if (type 1) i32.add i64.extend_i32_s
  // else drop drop i64.const 0 end drop
  EXPECT_EQ(Effects({}, {}, {0x41, 0x01, 0x41, 0x02, 0x41, 0x00, 0x04, 0x01, 0x6A, 0xAC, 0x05, 0x1A, 0x1A, 0x42,
                             0x00, 0x0B, 0x1A, 0x0B}),
            (Lines{"i32.const [] -> [i32]", "i32.const [] -> [i32]", "i32.const [] -> [i32]",
                   "if [i32 i32 i32] -> [i32 i32]", "i32.add [i32 i32] -> [i32]", "i64.extend_i32_s [i32] -> [i64]",
                   "else [i64] -> [i32 i32]", "drop [i32] -> []", "drop [i32] -> []", "i64.const [] -> [i64]",
                   "end [i64] -> [i64]", "drop [i64] -> []", "end [] -> []"}));
}

TEST(InstrEffect, ReportsBranches) {
  // block (result i32) i32.const 1 i32.const 0 br_if 0 end
  EXPECT_EQ(Effects({}, {kI32}, {0x02, 0x7F, 0x41, 0x01, 0x41, 0x00, 0x0D, 0x00, 0x0B, 0x0B}),
            (Lines{"block [] -> []", "i32.const [] -> [i32]", "i32.const [] -> [i32]", "br_if [i32 i32] -> [i32]",
                   "end [i32] -> [i32]", "end [i32] -> [i32]"}));
  // loop (type 1) params are the label: i32.const x2 loop br 0 end, then unreachable tail.
  EXPECT_EQ(Effects({}, {}, {0x41, 0x01, 0x41, 0x02, 0x03, 0x01, 0x0C, 0x00, 0x0B, 0x1A, 0x0B}),
            (Lines{"i32.const [] -> [i32]", "i32.const [] -> [i32]", "loop [i32 i32] -> [i32 i32]",
                   "br [i32 i32] -> []", "end dead", "drop [i64] -> []", "end [] -> []"}));
  // block (result i32) local.get 0 local.get 0 br_table 0 1 0 end return
  EXPECT_EQ(Effects({kI32}, {kI32},
                    {0x02, 0x7F, 0x20, 0x00, 0x20, 0x00, 0x0E, 0x02, 0x00, 0x01, 0x00, 0x0B, 0x0F, 0x0B}),
            (Lines{"block [] -> []", "local.get [] -> [i32]", "local.get [] -> [i32]",
                   "br_table 0 1 [i32 i32] -> []", "end dead", "return [i32] -> []", "end dead"}));
}

TEST(InstrEffect, ReportsCalls) {
  // call_indirect type 1 pops its parameters and the table index.
  EXPECT_EQ(Effects({}, {kI64}, {0x41, 0x01, 0x41, 0x02, 0x41, 0x00, 0x11, 0x01, 0x00, 0x0B}),
            (Lines{"i32.const [] -> [i32]", "i32.const [] -> [i32]", "i32.const [] -> [i32]",
                   "call_indirect [i32 i32 i32] -> [i64]", "end [i64] -> [i64]"}));
  // call 0: the import, of the function's own type [i32] -> [i64].
  EXPECT_EQ(Effects({kI32}, {kI64}, {0x20, 0x00, 0x10, 0x00, 0x0B}),
            (Lines{"local.get [] -> [i32]", "call [i32] -> [i64]", "end [i64] -> [i64]"}));
}

TEST(InstrEffect, ReportsUnreachableCodeAsDead) {
  // unreachable i32.add block i32.const 0 drop end drop end; then a live tail after the block.
  EXPECT_EQ(Effects({}, {}, {0x02, 0x40, 0x00, 0x6A, 0x02, 0x40, 0x41, 0x00, 0x1A, 0x0B, 0x1A, 0x0B, 0x01, 0x0B}),
            (Lines{"block [] -> []", "unreachable [] -> []", "i32.add dead", "block dead", "i32.const dead",
                   "drop dead", "end dead", "drop dead", "end dead", "nop [] -> []", "end [] -> []"}));
}

TEST(InstrEffect, ReportsElseAfterUnreachableThenArm) {
  // i32.const 0 if unreachable else nop end
  EXPECT_EQ(Effects({}, {}, {0x41, 0x00, 0x04, 0x40, 0x00, 0x05, 0x01, 0x0B, 0x0B}),
            (Lines{"i32.const [] -> [i32]", "if [i32] -> []", "unreachable [] -> []", "else dead", "nop [] -> []",
                   "end [] -> []", "end [] -> []"}));
  // An if inside dead code stays dead in both arms.
  EXPECT_EQ(Effects({}, {}, {0x00, 0x04, 0x40, 0x01, 0x05, 0x01, 0x0B, 0x0B}),
            (Lines{"unreachable [] -> []", "if dead", "nop dead", "else dead", "nop dead", "end dead", "end dead"}));
}

TEST(InstrEffect, PropagatesEndFunctionStatus) {
  TestModule m = testing::OneFunction({}, {}, {0x0B});
  auto module = testing::DecodeOk(m.Build());
  ASSERT_NE(module, nullptr);
  auto context = ValidateDeclarations(*module);
  ASSERT_TRUE(context.ok());
  RecordingSink sink;
  sink.end_status = MakeError(Errc::kImplementationLimit, "too big");
  Status status = ValidateFunction(*module, *context, 0, &sink);
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().code, Errc::kImplementationLimit);
}

}  // namespace
}  // namespace cella::wasm
