// tests/interp/trap_test.cc: traps are values with a wasm backtrace naming functions
// (from the name section) and the byte offset of each frame's instruction.
#include <gtest/gtest.h>

#include "tests/interp/test_support.h"
#include "wasm/decoder.h"

namespace cella {
namespace {

using testing::Loaded;

TEST(Trap, BacktraceNamesFunctionsAndOffsets) {
  Loaded m("fuel");
  m.store->SetFuel(1000);
  auto outcome = m.instance->Call("outer", std::vector<Value>{Value::I32(4)});
  ASSERT_TRUE(outcome->trapped());
  const TrapInfo& trap = outcome->trap;
  EXPECT_EQ(trap.kind, TrapKind::kUnreachable);
  ASSERT_EQ(trap.backtrace.size(), 2u);
  EXPECT_EQ(trap.backtrace[0].func_name, "inner");
  EXPECT_EQ(trap.backtrace[1].func_name, "outer");

  auto module = wasm::Decode(testing::ReadFixture("fuel"));
  ASSERT_TRUE(module.ok());
  uint32_t inner = trap.backtrace[0].func_index;
  const wasm::FunctionBody& inner_body = (*module)->code[inner];
  // local.get 0 (2 bytes), then unreachable.
  EXPECT_EQ(trap.backtrace[0].module_offset, inner_body.code.offset + 2);
  const wasm::FunctionBody& outer_body = (*module)->code[trap.backtrace[1].func_index];
  // local.get 0, i32.const 2, i32.mul: the call is at byte 5 of the body.
  EXPECT_EQ(trap.backtrace[1].module_offset, outer_body.code.offset + 5);
  std::string text = trap.ToString();
  EXPECT_NE(text.find("unreachable"), std::string::npos) << text;
  EXPECT_NE(text.find("inner"), std::string::npos) << text;
}

TEST(Trap, EveryKindIsReportedAsAValue) {
  Loaded m("fuel");
  m.store->SetFuel(1000);
  auto div = m.instance->Call("div_trap", {});
  ASSERT_TRUE(div->trapped());
  EXPECT_EQ(div->trap.kind, TrapKind::kIntegerDivideByZero);
  EXPECT_EQ(div->trap.message, "integer divide by zero");
}

}  // namespace
}  // namespace cella
