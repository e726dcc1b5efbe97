// tests/interp/limits_test.cc: wasm calls never recurse on the host stack; the call
// depth and value-stack slots are limits counted in wasm terms; memory.grow obeys the
// configured page limit.
#include <gtest/gtest.h>

#include "tests/interp/test_support.h"

namespace cella {
namespace {

using testing::Loaded;

Result<CallOutcome> Rec(Loaded& m, uint32_t n) {
  m.store->SetFuel(UINT64_MAX / 2);
  return m.instance->Call("rec", std::vector<Value>{Value::I32(n)});
}

TEST(Limits, MillionDeepRecursionTrapsCleanlyWithDefaultLimits) {
  Loaded m("fuel");
  auto outcome = Rec(m, 1'000'000);
  ASSERT_TRUE(outcome.ok());
  ASSERT_TRUE(outcome->trapped());
  EXPECT_EQ(outcome->trap.kind, TrapKind::kCallStackExhausted);
  EXPECT_EQ(outcome->trap.message, "call stack exhausted");
  EXPECT_EQ(outcome->trap.backtrace.size(), EngineConfig{}.limits.max_call_depth);
  // The store stays usable.
  EXPECT_EQ(m.CallOk("add", {Value::I32(1), Value::I32(2)})[0].i32(), 3u);
}

TEST(Limits, MillionDeepRecursionRunsOnTheEngineStack) {
  // Deep enough to overflow any host stack if each wasm call were a host call.
  EngineConfig config;
  config.limits.max_call_depth = 2'000'000;
  config.limits.max_stack_slots = 16'000'000;
  Loaded m("fuel", config);
  auto outcome = Rec(m, 1'000'000);
  ASSERT_TRUE(outcome.ok());
  ASSERT_TRUE(outcome->returned()) << outcome->trap.ToString();
  EXPECT_EQ(outcome->results[0].i32(), 0u);
}

TEST(Limits, CallDepthIsCountedInWasmFrames) {
  EngineConfig config;
  config.limits.max_call_depth = 100;
  Loaded m("fuel", config);
  auto ok = Rec(m, 99);  // 100 frames
  ASSERT_TRUE(ok->returned());
  auto too_deep = Rec(m, 100);  // 101 frames
  ASSERT_TRUE(too_deep->trapped());
  EXPECT_EQ(too_deep->trap.kind, TrapKind::kCallStackExhausted);
  EXPECT_EQ(too_deep->trap.backtrace.size(), 100u);
}

TEST(Limits, ValueStackSlotsAreALimitToo) {
  EngineConfig config;
  config.limits.max_stack_slots = 64;
  Loaded m("fuel", config);
  auto shallow = Rec(m, 2);
  ASSERT_TRUE(shallow->returned());
  auto deep = Rec(m, 1000);
  ASSERT_TRUE(deep->trapped());
  EXPECT_EQ(deep->trap.kind, TrapKind::kCallStackExhausted);
  // The same depth on every run: the limit is in slots, not host bytes.
  auto again = Rec(m, 1000);
  EXPECT_EQ(again->trap.backtrace.size(), deep->trap.backtrace.size());
}

TEST(Limits, MemoryGrowStopsAtTheConfiguredPageLimit) {
  EngineConfig config;
  config.limits.max_memory_pages = 4;
  Loaded m("fuel", config);
  EXPECT_EQ(m.CallOk("grow", {Value::I32(10)})[0].i32(), UINT32_MAX) << "-1: refused";
  EXPECT_EQ(m.CallOk("grow", {Value::I32(3)})[0].i32(), 1u);
  EXPECT_EQ(m.CallOk("grow", {Value::I32(1)})[0].i32(), UINT32_MAX);
  EXPECT_EQ(m.CallOk("grow", {Value::I32(0)})[0].i32(), 4u);
  EXPECT_EQ(m.instance->GetMemory("memory")->pages(), 4u);
}

TEST(Limits, MemoryAccessIsBoundsChecked) {
  Loaded m("fuel");
  m.store->SetFuel(1'000'000);
  // squares(16384) writes up to byte 65532; 16385 would write at 65536.
  EXPECT_TRUE(m.instance->Call("squares", std::vector<Value>{Value::I32(16384)})->returned());
  auto outcome = m.instance->Call("squares", std::vector<Value>{Value::I32(16385)});
  ASSERT_TRUE(outcome->trapped());
  EXPECT_EQ(outcome->trap.kind, TrapKind::kMemoryOutOfBounds);
}

}  // namespace
}  // namespace cella
