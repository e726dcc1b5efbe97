// tests/interp/jump_table_test.cc: a br_table whose index is i32.sub/i32.add of a
// constant runs as one JumpTableAddImm in fast code. The index wraps modulo 2^32 as the
// add computes it, so values below the first case (and far above) take the default,
// with the results and fuel of running one instruction at a time (step code).
#include <gtest/gtest.h>

#include <cstdint>

#include "interp/code.h"
#include "tests/interp/test_support.h"

namespace cella {
namespace {

using testing::CallToEnd;
using testing::Loaded;

TEST(JumpTable, AnAddedConstantIsPartOfTheTableOp) {
  Engine engine;  // a small module: compiled at load
  auto module = Module::Compile(engine, testing::ReadFixture("switch"));
  ASSERT_TRUE(module.ok()) << module.error().ToString();
  for (uint32_t f : {0u, 1u}) {
    EXPECT_EQ(testing::CountOps(*module, f, interp::Op::kJumpTableAddImm), 1) << "function " << f;
    EXPECT_EQ(testing::CountOps(*module, f, interp::Op::kJumpTable), 0) << "function " << f;
  }
}

void ExpectCase(const char* function, int32_t x, int32_t expected) {
  Loaded fast("switch"), step("switch");
  const std::vector<Value> args{Value::I32(static_cast<uint32_t>(x))};
  auto a = CallToEnd(*fast.store, *fast.instance, function, args, false);
  auto b = CallToEnd(*step.store, *step.instance, function, args, true);
  ASSERT_TRUE(a.outcome.ok() && a.outcome->returned());
  ASSERT_TRUE(b.outcome.ok() && b.outcome->returned());
  EXPECT_EQ(a.outcome->results[0], Value::I32(static_cast<uint32_t>(expected))) << function << "(" << x << ")";
  EXPECT_EQ(b.outcome->results, a.outcome->results);
  EXPECT_EQ(a.fuel_used, b.fuel_used) << function << "(" << x << ")";
}

TEST(JumpTable, CasesAndTheDefaultWithTheIndexWrapping) {
  for (int32_t x : {5, 6, 7}) ExpectCase("from5", x, x * 10);
  for (int32_t x : {8, 4, 0, -1, INT32_MIN, INT32_MAX, 1000}) ExpectCase("from5", x, 99);
  ExpectCase("plus3", -3, 1);
  ExpectCase("plus3", -2, 2);
  for (int32_t x : {-1, -4, 0, INT32_MAX, INT32_MIN}) ExpectCase("plus3", x, 3);
}

}  // namespace
}  // namespace cella
