// tests/interp/pair_test.cc: fast code runs an i32.store, an i32.store8 or an i32.add and
// the i32.add of a constant right after it as one op (I32StoreAddImm, I32Store8AddImm,
// I32AddAddImm; Compiler::PairWithAddImmBefore), and an i32.load8_u with the br_if or if
// testing the byte (I32Load8UBrIfEqImm / NeImm; Compiler::EmitCompareBranch). The pairs
// give the results, the memory, the traps and the fuel of running one instruction at a
// time (step code, which never pairs), and they are really there.
#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "interp/code.h"
#include "tests/interp/test_support.h"

namespace cella {
namespace {

using testing::CallToEnd;
using testing::CountOps;
using testing::Loaded;

TEST(PairTest, TheFastCodeHasThePairs) {
  Loaded loaded("pairs");
  ASSERT_TRUE(loaded.module.has_value());
  const Module& module = *loaded.module;
  // fill8: the store and p += 1 pair; v += 3 stays alone; n -= 1 joins the back edge.
  EXPECT_EQ(CountOps(module, 0, interp::Op::kI32Store8AddImm), 1);
  EXPECT_EQ(CountOps(module, 0, interp::Op::kI32AddImm), 1);
  EXPECT_EQ(CountOps(module, 0, interp::Op::kI32AddImmJump), 1);
  EXPECT_EQ(CountOps(module, 0, interp::Op::I32Store8), 0);
  // fill32: the store and p += 4 pair.
  EXPECT_EQ(CountOps(module, 1, interp::Op::kI32StoreAddImm), 1);
  EXPECT_EQ(CountOps(module, 1, interp::Op::I32Store), 0);
  // sum: s += byte, then i += 1.
  EXPECT_EQ(CountOps(module, 2, interp::Op::kI32AddAddImm), 1);
  // fillto: p += 1 joins the branch, so the store is alone again.
  EXPECT_EQ(CountOps(module, 3, interp::Op::I32Store8), 1);
  EXPECT_EQ(CountOps(module, 3, interp::Op::kI32Store8AddImm), 0);
  EXPECT_EQ(CountOps(module, 3, interp::Op::kAddImmBrIfNe), 1);
  // scan: both byte tests of the loop header (eqz, then == ','), the first pairing with
  // the load; and the if on a byte loaded again, to its else arm when it differs.
  EXPECT_EQ(CountOps(module, 4, interp::Op::kI32Load8UBrIfEqImm), 1);
  EXPECT_EQ(CountOps(module, 4, interp::Op::kI32Load8UBrIfNeImm), 1);
  EXPECT_EQ(CountOps(module, 4, interp::Op::kBrIfEqImm), 1);
  EXPECT_EQ(CountOps(module, 4, interp::Op::I32Load8U), 0);
}

// Runs `name` in fast code and one instruction at a time, each in a fresh instance, and
// expects the same outcome, fuel and memory; returns the fast run.
testing::FinishedCall RunBothWays(const std::string& name, const std::vector<Value>& args) {
  Loaded fast("pairs"), step("pairs");
  testing::FinishedCall a = CallToEnd(*fast.store, *fast.instance, name, args, false);
  testing::FinishedCall b = CallToEnd(*step.store, *step.instance, name, args, true);
  EXPECT_TRUE(a.outcome.ok() && b.outcome.ok());
  if (!a.outcome.ok() || !b.outcome.ok()) return a;
  EXPECT_EQ(a.outcome->returned(), b.outcome->returned());
  EXPECT_EQ(a.outcome->trapped(), b.outcome->trapped());
  if (a.outcome->returned() && b.outcome->returned()) EXPECT_EQ(a.outcome->results, b.outcome->results);
  if (a.outcome->trapped() && b.outcome->trapped()) {
    EXPECT_EQ(a.outcome->trap.kind, b.outcome->trap.kind);
    EXPECT_FALSE(a.outcome->trap.backtrace.empty());
    EXPECT_FALSE(b.outcome->trap.backtrace.empty());
    if (!a.outcome->trap.backtrace.empty() && !b.outcome->trap.backtrace.empty()) {
      EXPECT_EQ(a.outcome->trap.backtrace[0].module_offset, b.outcome->trap.backtrace[0].module_offset);
    }
  }
  EXPECT_EQ(a.fuel_used, b.fuel_used);
  EXPECT_EQ(fast.MemoryBytes(), step.MemoryBytes());
  return a;
}

TEST(PairTest, AStoreAndItsPointerBumpRunInOrder) {
  for (uint32_t n : {0u, 1u, 2u, 7u, 300u}) {
    SCOPED_TRACE("n=" + std::to_string(n));
    Loaded loaded("pairs");
    EXPECT_EQ(loaded.CallOk("fill8", {Value::I32(100), Value::I32(n), Value::I32(250)})[0], Value::I32(100 + n));
    EXPECT_EQ(loaded.CallOk("fill32", {Value::I32(1000), Value::I32(n), Value::I32(9)})[0],
              Value::I32(1000 + 4 * n));
    const std::vector<uint8_t> memory = loaded.MemoryBytes();
    uint32_t v = 9;
    for (uint32_t i = 0; i < 1000; ++i) {  // fill32 ran after fill8 (n <= 300 bytes, below 1000)
      const uint32_t byte = i >= 100 && i < 100 + n ? (250 + 3 * (i - 100)) & 0xff : 0;
      ASSERT_EQ(memory[i], byte) << i;
    }
    for (uint32_t i = 0; i < n; ++i) {
      uint32_t word = 0;
      std::memcpy(&word, memory.data() + 1000 + 4 * i, 4);
      ASSERT_EQ(word, v) << i;
      v = v * 5 + 1;
    }
    EXPECT_EQ(loaded.CallOk("sum", {Value::I32(100), Value::I32(n)})[0],
              Value::I32([&] {
                uint32_t s = 0;
                for (uint32_t i = 0; i < n; ++i) s += memory[100 + i];
                return s;
              }()));
    RunBothWays("fill8", {Value::I32(100), Value::I32(n), Value::I32(250)});
    RunBothWays("fill32", {Value::I32(1000), Value::I32(n), Value::I32(9)});
    RunBothWays("sum", {Value::I32(0), Value::I32(n)});
    if (n > 0) {
      Loaded again("pairs");
      EXPECT_EQ(again.CallOk("fillto", {Value::I32(50), Value::I32(50 + n), Value::I32(77)})[0], Value::I32(49 + n));
      const std::vector<uint8_t> bytes = again.MemoryBytes();
      for (uint32_t i = 0; i < 400; ++i) ASSERT_EQ(bytes[i], i >= 50 && i < 50 + n ? 77 : 0) << i;
      RunBothWays("fillto", {Value::I32(50), Value::I32(50 + n), Value::I32(77)});
    }
  }
}

TEST(PairTest, AStoreThatTrapsStopsBeforeTheBump) {
  // The stores run off the end of the memory: the trap is the store's, with the fuel and
  // the memory of step code (the bytes before the end written, nothing after).
  for (uint32_t start : {65530u, 65535u, 65536u, 0xfffffffeu}) {
    SCOPED_TRACE("start=" + std::to_string(start));
    testing::FinishedCall a = RunBothWays("fill8", {Value::I32(start), Value::I32(20), Value::I32(1)});
    ASSERT_TRUE(a.outcome.ok());
    EXPECT_TRUE(a.outcome->trapped());
    EXPECT_EQ(a.outcome->trap.kind, TrapKind::kMemoryOutOfBounds);
    testing::FinishedCall b = RunBothWays("fill32", {Value::I32(start - 8), Value::I32(20), Value::I32(1)});
    ASSERT_TRUE(b.outcome.ok());
    EXPECT_TRUE(b.outcome->trapped());
    EXPECT_EQ(b.outcome->trap.kind, TrapKind::kMemoryOutOfBounds);
  }
}

TEST(PairTest, AByteLoadAndItsTestBranchAsTheUnpairedCodeDoes) {
  // "12x4,xx\0abc" at 3000; "xxyyzz" at the very end of the memory, with no end.
  const std::pair<uint32_t, uint32_t> cases[] = {{3000, 4 + 1000}, {3001, 3 + 1000}, {3004, 0}, {3005, 2 + 2000},
                                                 {3007, 0},        {3008, 3},        {3100, 0}};
  for (const auto& [p, expected] : cases) {
    SCOPED_TRACE("p=" + std::to_string(p));
    testing::FinishedCall run = RunBothWays("scan", {Value::I32(p)});
    ASSERT_TRUE(run.outcome.ok() && run.outcome->returned());
    EXPECT_EQ(run.outcome->results[0], Value::I32(expected));
  }
  for (uint32_t p : {65530u, 65535u, 65536u, 0xffffffffu}) {  // the scan runs off the end: the load traps
    SCOPED_TRACE("p=" + std::to_string(p));
    testing::FinishedCall run = RunBothWays("scan", {Value::I32(p)});
    ASSERT_TRUE(run.outcome.ok() && run.outcome->trapped());
    EXPECT_EQ(run.outcome->trap.kind, TrapKind::kMemoryOutOfBounds);
  }
}

}  // namespace
}  // namespace cella
