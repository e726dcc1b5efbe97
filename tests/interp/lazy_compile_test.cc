// tests/interp/lazy_compile_test.cc: functions compiled on their first call
// (Compilation::kOnFirstCall, what kAuto does for large modules) behave exactly as
// functions compiled at load time — the same results, traps and fuel however a call reaches them (call,
// call_indirect, return_call, return_call_indirect), also one instruction at a time; a
// function nothing calls is never compiled; stores on several threads making the first
// calls into one shared module all get the right answers.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "api/impl.h"
#include "interp/code.h"
#include "tests/interp/test_support.h"

namespace cella {
namespace {

using testing::CallToEnd;
using testing::ReadFixture;

// Defined function indices in lazy.wat.
enum : uint32_t { kDirect, kByTable, kByTail, kByTailTable, kNever, kEntry, kDown, kFunctionCount };

uint32_t Entry(uint32_t n) {  // what lazy.wat's entry returns
  uint32_t sum = 0;
  for (int32_t i = static_cast<int32_t>(n);;) {
    sum += static_cast<uint32_t>(i);
    if (--i <= 0) break;
  }
  return ((n * 3 + sum) ^ 0x55) + 1000;
}

struct Cell {
  explicit Cell(bool lazy) : engine(Config(lazy)) {
    auto compiled = Module::Compile(engine, ReadFixture("lazy"));
    if (!compiled.ok()) {
      ADD_FAILURE() << compiled.error().ToString();
      return;
    }
    module.emplace(*compiled);
    Instantiate();
  }
  static EngineConfig Config(bool lazy) {
    EngineConfig config;
    config.compilation = lazy ? Compilation::kOnFirstCall : Compilation::kAtLoad;
    config.limits.max_call_depth = 500;
    return config;
  }
  // A new store and instance of the same module.
  void Instantiate() {
    store = std::make_unique<Store>(engine);
    auto inst = Linker().Instantiate(*store, *module);
    ASSERT_TRUE(inst.ok()) << inst.error().ToString();
    instance.emplace(*inst);
  }
  bool Compiled(uint32_t defined_index) const {
    return module->impl()->loaded->functions.at(defined_index)->compiled();
  }
  Engine engine;
  std::optional<Module> module;
  std::unique_ptr<Store> store;
  std::optional<Instance> instance;
};

TEST(LazyCompile, AFunctionIsCompiledOnItsFirstCallAndOnlyThen) {
  Cell cell(true);
  ASSERT_TRUE(cell.instance.has_value());
  for (uint32_t f = 0; f < kFunctionCount; ++f) EXPECT_FALSE(cell.Compiled(f)) << "function " << f;

  auto run = CallToEnd(*cell.store, *cell.instance, "entry", {Value::I32(200)}, false);
  ASSERT_TRUE(run.outcome.ok()) << run.outcome.error().ToString();
  ASSERT_TRUE(run.outcome->returned()) << run.outcome->trap.ToString();
  EXPECT_EQ(run.outcome->results[0], Value::I32(Entry(200)));
  for (uint32_t f : {kDirect, kByTable, kByTail, kByTailTable, kEntry}) EXPECT_TRUE(cell.Compiled(f)) << "function " << f;
  EXPECT_FALSE(cell.Compiled(kNever));
  EXPECT_FALSE(cell.Compiled(kDown));

  // A second instance shares the compiled code.
  cell.Instantiate();
  EXPECT_EQ(CallToEnd(*cell.store, *cell.instance, "entry", {Value::I32(7)}, false).outcome->results[0],
            Value::I32(Entry(7)));
}

TEST(LazyCompile, AtLoadCompilesEverythingAndSoDoesAutoForASmallModule) {
  Cell cell(false);
  ASSERT_TRUE(cell.instance.has_value());
  for (uint32_t f = 0; f < kFunctionCount; ++f) EXPECT_TRUE(cell.Compiled(f)) << "function " << f;

  Engine engine;  // Compilation::kAuto
  auto module = Module::Compile(engine, ReadFixture("lazy"));
  ASSERT_TRUE(module.ok());
  for (uint32_t f = 0; f < kFunctionCount; ++f) EXPECT_TRUE(module->impl()->loaded->functions[f]->compiled());
}

TEST(LazyCompile, LazyAndEagerGiveTheSameResultsAndFuelEvenOneInstructionAtATime) {
  for (uint32_t n : {1u, 10u, 200u}) {
    for (bool one_unit : {false, true}) {
      Cell lazy(true), eager(false);  // fresh modules: the lazy one compiles during the run
      auto a = CallToEnd(*lazy.store, *lazy.instance, "entry", {Value::I32(n)}, one_unit);
      auto b = CallToEnd(*eager.store, *eager.instance, "entry", {Value::I32(n)}, one_unit);
      ASSERT_TRUE(a.outcome.ok() && b.outcome.ok());
      ASSERT_TRUE(a.outcome->returned()) << a.outcome->trap.ToString();
      ASSERT_TRUE(b.outcome->returned()) << b.outcome->trap.ToString();
      EXPECT_EQ(a.outcome->results[0], Value::I32(Entry(n)));
      EXPECT_EQ(a.outcome->results, b.outcome->results);
      EXPECT_EQ(a.fuel_used, b.fuel_used) << "n=" << n << " one unit at a time: " << one_unit;
      EXPECT_EQ(a.slices, b.slices);
    }
  }
}

TEST(LazyCompile, RecursionPastTheCallLimitTrapsAsWhenCompiledAtLoad) {
  Cell lazy(true), eager(false);
  auto a = CallToEnd(*lazy.store, *lazy.instance, "down", {Value::I32(0)}, false);
  auto b = CallToEnd(*eager.store, *eager.instance, "down", {Value::I32(0)}, false);
  ASSERT_TRUE(a.outcome.ok() && b.outcome.ok());
  ASSERT_TRUE(a.outcome->trapped());
  EXPECT_EQ(a.outcome->trap.kind, TrapKind::kCallStackExhausted) << a.outcome->trap.ToString();
  EXPECT_EQ(b.outcome->trap.kind, TrapKind::kCallStackExhausted);
  EXPECT_EQ(a.fuel_used, b.fuel_used);
}

TEST(LazyCompile, FirstCallsFromManyThreadsIntoOneModule) {
  constexpr int kThreads = 8;
  for (int round = 0; round < 5; ++round) {
    Cell cell(true);  // a fresh module: every thread's first call races to compile
    std::vector<std::unique_ptr<Store>> stores;
    std::vector<Instance> instances;
    for (int t = 0; t < kThreads; ++t) {
      cell.Instantiate();
      stores.push_back(std::move(cell.store));
      instances.push_back(*cell.instance);
    }
    std::atomic<int> ready{0};
    std::vector<uint32_t> results(kThreads);
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
      threads.emplace_back([&, t] {
        ready.fetch_add(1);
        while (ready.load() < kThreads) std::this_thread::yield();
        auto run = CallToEnd(*stores[t], instances[t], "entry", {Value::I32(100u + t)}, false);
        results[t] = run.outcome.ok() && run.outcome->returned() ? run.outcome->results[0].i32() : 0;
      });
    }
    for (std::thread& thread : threads) thread.join();
    for (int t = 0; t < kThreads; ++t) EXPECT_EQ(results[t], Entry(100u + t)) << "thread " << t;
  }
}

}  // namespace
}  // namespace cella
