// tests/interp/counter_branch_test.cc: a loop counter's step (I32AddImm) and the
// compare-and-branch (br_if or if) that tests it run as one AddImmBrIf* op in fast code,
// and a bit test (I32AndImm compared with a constant) as one AndImmBrIf* op. The value
// computed is kept, the comparison sees it (signed or unsigned, wrapping past 2^32), and
// results and fuel are those of running one instruction at a time (step code).
#include <gtest/gtest.h>

#include <cstdint>
#include <string>

#include "interp/code.h"
#include "tests/interp/test_support.h"

namespace cella {
namespace {

using interp::Op;
using testing::CallToEnd;
using testing::Loaded;

TEST(CounterBranch, TheStepAndTheTestAreOneOp) {
  Engine engine;  // a small module: compiled at load
  auto module = Module::Compile(engine, testing::ReadFixture("counters"));
  ASSERT_TRUE(module.ok()) << module.error().ToString();
  EXPECT_EQ(testing::CountOps(*module, 0, Op::kAddImmBrIfNe), 1);
  EXPECT_EQ(testing::CountOps(*module, 1, Op::kAddImmBrIfLtS), 1);
  EXPECT_EQ(testing::CountOps(*module, 2, Op::kAddImmBrIfGtUImm), 1);
  EXPECT_EQ(testing::CountOps(*module, 3, Op::kAddImmBrIfGeSImm), 1);
  EXPECT_EQ(testing::CountOps(*module, 4, Op::kAndImmBrIfEqImm), 1);  // br_if on eqz
  // An if jumps to its else arm when the condition fails: eq tests become Ne ops.
  EXPECT_EQ(testing::CountOps(*module, 5, Op::kAndImmBrIfNeImm), 3);
  EXPECT_EQ(testing::CountOps(*module, 5, Op::kAndImmBrIfEqImm), 3);
  EXPECT_EQ(testing::CountOps(*module, 5, Op::kAddImmBrIfNeImm), 1);
}

void ExpectRun(const std::string& function, std::vector<Value> args, uint32_t expected) {
  Loaded fast("counters"), step("counters");
  auto a = CallToEnd(*fast.store, *fast.instance, function, args, false);
  auto b = CallToEnd(*step.store, *step.instance, function, args, true);
  ASSERT_TRUE(a.outcome.ok() && a.outcome->returned());
  ASSERT_TRUE(b.outcome.ok() && b.outcome->returned());
  EXPECT_EQ(a.outcome->results[0], Value::I32(expected)) << function << "(" << args[0].i32() << ")";
  EXPECT_EQ(b.outcome->results, a.outcome->results);
  EXPECT_EQ(a.fuel_used, b.fuel_used) << function;
}

TEST(CounterBranch, LoopsEndWhereTheUnfusedCodeEnds) {
  for (uint32_t n : {1u, 2u, 37u}) ExpectRun("up_to", {Value::I32(n)}, n);
  // i from start by 3 while i < limit: ceil((limit - start) / 3) steps, at least one.
  ExpectRun("steps_below", {Value::I32(0), Value::I32(10)}, 4);
  ExpectRun("steps_below", {Value::I32(static_cast<uint32_t>(-7)), Value::I32(static_cast<uint32_t>(-1))}, 2);
  ExpectRun("steps_below", {Value::I32(100), Value::I32(0)}, 1);
  // Past INT32_MAX the sum is negative: still below a negative limit, twice more.
  ExpectRun("steps_below", {Value::I32(0x7ffffffeu), Value::I32(0x80000005u)}, 3);
  // Unsigned, by 4 from 0xfffffff0: f4, f8, fc, then 0 (not > 8): 4 steps, ending at 0.
  ExpectRun("wrap", {Value::I32(0xfffffff0u)}, 4 * 1000 + 0);
  ExpectRun("wrap", {Value::I32(0xffffffe0u)}, 8 * 1000 + 0);
  ExpectRun("wrap", {Value::I32(0)}, 1 * 1000 + 4);
  // Signed, by -2 while >= -10.
  ExpectRun("down", {Value::I32(0)}, 6);
  ExpectRun("down", {Value::I32(7)}, 9);
  ExpectRun("down", {Value::I32(static_cast<uint32_t>(-11))}, 1);
}

TEST(CounterBranch, BitTestsBranchAsTheUnfusedCodeDoes) {
  ExpectRun("odd_steps", {Value::I32(1)}, 0);
  ExpectRun("odd_steps", {Value::I32(6)}, 2 * 10000 + 8);     // 6 3 10 5 16 8 4 2 1
  ExpectRun("odd_steps", {Value::I32(27)}, 41 * 10000 + 111);
  ExpectRun("odd_steps", {Value::I32(0x80000001u)}, 62 * 10000 + 190);  // 3x+1 wraps past 2^32
  // Per mask: 11 when all its bits are set, 10 when some, 0 when none; +100 for a low
  // nibble of 4.
  ExpectRun("bits", {Value::I32(0)}, 0);
  ExpectRun("bits", {Value::I32(0xffffffffu)}, 33);
  ExpectRun("bits", {Value::I32(0x80000003u)}, 11 + 10 + 11);
  ExpectRun("bits", {Value::I32(0x4u)}, 10 + 100);
  ExpectRun("bits", {Value::I32(0x7ffffff7u)}, 11 + 11);
}

}  // namespace
}  // namespace cella
