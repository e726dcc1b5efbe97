// tests/interp/copy_fusion_test.cc: fast code merges a Copy with the Copy after it
// (Copy2, the two in order) and with a Jump after it (CopyJump), and a counter step with
// the Jump after it (I32AddImmJump). The merged code gives
// the results and the fuel of running one instruction at a time (step code, which never
// merges), and the ops are really there.
#include <gtest/gtest.h>

#include <cstdint>

#include "interp/code.h"
#include "tests/interp/test_support.h"

namespace cella {
namespace {

using testing::CallToEnd;
using testing::Loaded;

uint32_t Rotate(uint32_t n) {  // what copies.wat's rotate returns
  uint32_t a = 1, b = 2, c = 3, d = 4;
  do {
    d = c;
    c = b;
    b = a;
    a = d * 7 + b;
  } while (--n != 0);
  return (a ^ (b << 8)) ^ ((c << 16) ^ (d << 24));
}

TEST(CopyFusion, TheFastCodeHasTheMergedOps) {
  Engine engine;  // a small module: compiled at load
  auto module = Module::Compile(engine, testing::ReadFixture("copies"));
  ASSERT_TRUE(module.ok()) << module.error().ToString();
  EXPECT_EQ(testing::CountOps(*module, 0, interp::Op::kCopy2), 1);
  EXPECT_EQ(testing::CountOps(*module, 1, interp::Op::kCopyJump), 1);
  EXPECT_EQ(testing::CountOps(*module, 2, interp::Op::kI32AddImmJump), 1);
  EXPECT_EQ(testing::CountOps(*module, 2, interp::Op::kJump), 0);
  // walk: the second step joins the jump; the first is an I32AddImm again, not a pair.
  EXPECT_EQ(testing::CountOps(*module, 3, interp::Op::kI32AddImmJump), 1);
  EXPECT_EQ(testing::CountOps(*module, 3, interp::Op::kI32AddImmPair), 0);
}

TEST(CopyFusion, MergedCopiesRunInOrderWithTheFuelOfStepCode) {
  for (uint32_t n : {1u, 2u, 5u, 50u}) {
    Loaded fast("copies"), step("copies");
    auto a = CallToEnd(*fast.store, *fast.instance, "rotate", {Value::I32(n)}, false);
    auto b = CallToEnd(*step.store, *step.instance, "rotate", {Value::I32(n)}, true);
    ASSERT_TRUE(a.outcome.ok() && a.outcome->returned());
    ASSERT_TRUE(b.outcome.ok() && b.outcome->returned());
    EXPECT_EQ(a.outcome->results[0], Value::I32(Rotate(n))) << "n=" << n;
    EXPECT_EQ(b.outcome->results[0], Value::I32(Rotate(n))) << "n=" << n;
    EXPECT_EQ(a.fuel_used, b.fuel_used) << "n=" << n;
  }
}

TEST(CopyFusion, AnArmEndingWithALocalCopiesAndJumps) {
  for (int32_t s : {-5, 0, 10, 11, 1000}) {
    Loaded fast("copies"), step("copies");
    const std::vector<Value> args{Value::I32(111), Value::I32(222), Value::I32(static_cast<uint32_t>(s))};
    auto a = CallToEnd(*fast.store, *fast.instance, "pick", args, false);
    auto b = CallToEnd(*step.store, *step.instance, "pick", args, true);
    ASSERT_TRUE(a.outcome.ok() && a.outcome->returned());
    ASSERT_TRUE(b.outcome.ok() && b.outcome->returned());
    EXPECT_EQ(a.outcome->results[0], Value::I32(s > 10 ? 111 : 222)) << "s=" << s;
    EXPECT_EQ(b.outcome->results, a.outcome->results);
    EXPECT_EQ(a.fuel_used, b.fuel_used);
  }
}

TEST(CopyFusion, ACounterStepAndItsBackEdgeRunWithTheFuelOfStepCode) {
  for (uint32_t n : {0u, 1u, 2u, 10u, 1000u}) {
    Loaded fast("copies"), step("copies");
    auto a = CallToEnd(*fast.store, *fast.instance, "sum", {Value::I32(n)}, false);
    auto b = CallToEnd(*step.store, *step.instance, "sum", {Value::I32(n)}, true);
    ASSERT_TRUE(a.outcome.ok() && a.outcome->returned());
    ASSERT_TRUE(b.outcome.ok() && b.outcome->returned());
    EXPECT_EQ(a.outcome->results[0], Value::I32(n * (n - 1) / 2)) << "n=" << n;
    EXPECT_EQ(b.outcome->results, a.outcome->results);
    EXPECT_EQ(a.fuel_used, b.fuel_used) << "n=" << n;

    Loaded fast2("copies"), step2("copies");
    auto c = CallToEnd(*fast2.store, *fast2.instance, "walk", {Value::I32(n)}, false);
    auto d = CallToEnd(*step2.store, *step2.instance, "walk", {Value::I32(n)}, true);
    ASSERT_TRUE(c.outcome.ok() && c.outcome->returned());
    ASSERT_TRUE(d.outcome.ok() && d.outcome->returned());
    EXPECT_EQ(c.outcome->results[0], Value::I32((3 * n << 16) - 2 * n)) << "n=" << n;
    EXPECT_EQ(d.outcome->results, c.outcome->results);
    EXPECT_EQ(c.fuel_used, d.fuel_used) << "n=" << n;
  }
}

}  // namespace
}  // namespace cella
