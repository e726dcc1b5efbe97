// tests/interp/tail_call_test.cc: tail calls replace the caller's frame. A 10,000,000-step
// mutual tail recursion runs in one frame (plain calls hit the depth limit), fuel is
// exact (return_call costs 1 like call), pauses inside tail-call chains are resumable
// with one frame on the stack, return_call_indirect checks types and bounds, and a tail
// call to a host function returns the host's results.
#include <gtest/gtest.h>

#include "tests/interp/test_support.h"

namespace cella {
namespace {

struct TailModule {
  explicit TailModule(EngineConfig config = {}) : engine(config), store(std::make_unique<Store>(engine)) {
    store->SetFuel(uint64_t{1} << 40);
    auto module = Module::Compile(engine, testing::ReadFixture("tail"));
    if (!module.ok()) {
      ADD_FAILURE() << module.error().ToString();
      return;
    }
    Linker linker;
    linker.DefineHostFunction(*store, "host", "add1", FuncType{{ValType::kI32}, {ValType::kI32}},
                              [](HostContext&, std::span<const Value> args, std::span<Value> results) {
                                results[0] = Value::I32(args[0].i32() + 1);
                                return HostOutcome::Ok();
                              });
    auto inst = linker.Instantiate(*store, *module);
    if (!inst.ok()) {
      ADD_FAILURE() << inst.error().ToString();
      return;
    }
    instance.emplace(*inst);
  }
  CallOutcome Call(const std::string& name, std::vector<Value> args) {
    auto outcome = instance->Call(name, args);
    EXPECT_TRUE(outcome.ok()) << (outcome.ok() ? "" : outcome.error().ToString());
    return outcome.ok() ? *outcome : CallOutcome{};
  }

  Engine engine;
  std::unique_ptr<Store> store;
  std::optional<Instance> instance;
};

TEST(TailCall, TenMillionStepMutualRecursionRunsInConstantStack) {
  TailModule m;
  const uint64_t n = 10'000'000;
  CallOutcome outcome = m.Call("even", {Value::I64(n)});
  ASSERT_TRUE(outcome.returned()) << outcome.trap.ToString();
  EXPECT_EQ(outcome.results[0].i32(), 1u);
  // Per step: local.get, i64.eqz, if, local.get, i64.const, i64.sub, return_call = 7;
  // the last call: local.get, i64.eqz, if, i32.const = 4.
  EXPECT_EQ(m.store->fuel_consumed(), 7 * n + 4);

  CallOutcome odd = m.Call("odd", {Value::I64(n + 1)});
  ASSERT_TRUE(odd.returned());
  EXPECT_EQ(odd.results[0].i32(), 1u);
}

TEST(TailCall, PlainCallsOfTheSameRecursionExhaustTheFrameLimit) {
  TailModule m;
  CallOutcome outcome = m.Call("even_call", {Value::I64(1'000'000)});
  ASSERT_TRUE(outcome.trapped());
  EXPECT_EQ(outcome.trap.kind, TrapKind::kCallStackExhausted);
}

TEST(TailCall, AccumulatesThroughParameters) {
  TailModule m;
  CallOutcome outcome = m.Call("sum", {Value::I64(1'000'000), Value::I64(0)});
  ASSERT_TRUE(outcome.returned());
  EXPECT_EQ(outcome.results[0].i64(), uint64_t{1'000'000} * 1'000'001 / 2);
}

TEST(TailCall, IndirectTailCallsRecurseAndCheckTypes) {
  TailModule m;
  CallOutcome outcome = m.Call("even_indirect", {Value::I64(100'001)});
  ASSERT_TRUE(outcome.returned()) << outcome.trap.ToString();
  EXPECT_EQ(outcome.results[0].i32(), 0u);

  CallOutcome host = m.Call("call_slot", {Value::I32(2), Value::I32(41)});
  ASSERT_TRUE(host.returned()) << host.trap.ToString();
  EXPECT_EQ(host.results[0].i32(), 42u);

  CallOutcome mismatch = m.Call("call_slot", {Value::I32(0), Value::I32(1)});
  ASSERT_TRUE(mismatch.trapped());
  EXPECT_EQ(mismatch.trap.kind, TrapKind::kIndirectCallTypeMismatch);

  CallOutcome out_of_bounds = m.Call("call_slot", {Value::I32(3), Value::I32(1)});
  ASSERT_TRUE(out_of_bounds.trapped());
  EXPECT_EQ(out_of_bounds.trap.kind, TrapKind::kUndefinedElement);
}

TEST(TailCall, TailCallToAHostFunctionReturnsItsResults) {
  TailModule m;
  CallOutcome outcome = m.Call("to_host", {Value::I32(5)});
  ASSERT_TRUE(outcome.returned()) << outcome.trap.ToString();
  EXPECT_EQ(outcome.results[0].i32(), 16u);
}

TEST(TailCall, PausesInATailCallChainShowOneFrameAndResumeExactly) {
  const uint64_t n = 50;
  TailModule straight;
  ASSERT_TRUE(straight.Call("even", {Value::I64(n)}).returned());
  const uint64_t total = straight.store->fuel_consumed();
  ASSERT_EQ(total, 7 * n + 4);

  for (uint64_t slice : {uint64_t{1}, uint64_t{3}, uint64_t{7}, uint64_t{100}}) {
    TailModule m;
    m.store->SetFuel(slice);
    CallOutcome outcome = m.Call("even", {Value::I64(n)});
    uint64_t pauses = 0;
    while (outcome.paused()) {
      ++pauses;
      auto frames = m.store->PausedFrames();
      ASSERT_EQ(frames.size(), 1u) << "a tail call leaves no caller frame behind";
      ASSERT_TRUE(frames[0].func_name == "even" || frames[0].func_name == "odd") << frames[0].func_name;
      ASSERT_TRUE(m.store->AddFuel(slice).ok());
      auto resumed = m.store->Resume();
      ASSERT_TRUE(resumed.ok());
      outcome = *resumed;
    }
    ASSERT_TRUE(outcome.returned());
    EXPECT_EQ(outcome.results[0].i32(), 1u);
    EXPECT_EQ(m.store->fuel_consumed(), total) << "slice " << slice;
    EXPECT_EQ(pauses, (total + slice - 1) / slice - 1) << "slice " << slice;
  }
}

TEST(TailCall, UnmeteredEnginesRunTailCallsToo) {
  EngineConfig config;
  config.metering = false;
  TailModule m(config);
  CallOutcome outcome = m.Call("even", {Value::I64(1'000'001)});
  ASSERT_TRUE(outcome.returned());
  EXPECT_EQ(outcome.results[0].i32(), 0u);
}

}  // namespace
}  // namespace cella
