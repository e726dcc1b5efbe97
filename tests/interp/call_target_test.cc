// tests/interp/call_target_test.cc: the call fast path's per-instance call targets
// (runtime::CallTarget). A call to an import, to the instance's own function, through a
// shared table to another instance's function with the same index as one of its own call
// targets, and to a function with too many locals for the fast path all reach the right
// function with zeroed locals; only the instance's own small functions become call
// targets, and only once they are called.
#include <gtest/gtest.h>

#include "api/impl.h"
#include "interp/code.h"
#include "tests/interp/test_support.h"

namespace cella {
namespace {

// What call_targets_b.wat's mix(n) returns.
uint32_t Mix(uint32_t n) {
  uint32_t sum = 0;
  for (uint32_t k = 0; k < n; ++k) sum += (k + 100) + (k + 2000) + (k + 1000) + (k + 2000) + (k + 7) + 2 * (k + 3);
  return sum;
}

struct TwoInstances {
  TwoInstances() : store(engine) {
    auto a_module = Module::Compile(engine, testing::ReadFixture("call_targets_a"));
    auto b_module = Module::Compile(engine, testing::ReadFixture("call_targets_b"));
    if (!a_module.ok() || !b_module.ok()) {
      ADD_FAILURE() << "fixtures did not compile";
      return;
    }
    auto a_inst = Linker().Instantiate(store, *a_module);
    if (!a_inst.ok()) {
      ADD_FAILURE() << a_inst.error().ToString();
      return;
    }
    Linker linker;
    linker.DefineInstance("a", *a_inst);
    auto b_inst = linker.Instantiate(store, *b_module);
    if (!b_inst.ok()) {
      ADD_FAILURE() << b_inst.error().ToString();
      return;
    }
    a.emplace(*a_inst);
    b.emplace(*b_inst);
  }
  const runtime::InstanceData& Data(const Instance& instance) const {
    return *store.impl().data.instances[instance.index()];
  }
  Engine engine;
  Store store;
  std::optional<Instance> a, b;
};

TEST(CallTargets, EveryKindOfCallReachesItsOwnFunction) {
  TwoInstances cells;
  ASSERT_TRUE(cells.b.has_value());
  for (bool one_unit_at_a_time : {false, true}) {
    for (uint32_t n : {0u, 1u, 3u, 50u}) {
      auto run = testing::CallToEnd(cells.store, *cells.b, "mix", {Value::I32(static_cast<int32_t>(n))},
                                    one_unit_at_a_time);
      ASSERT_TRUE(run.outcome.ok()) << run.outcome.error().ToString();
      ASSERT_TRUE(run.outcome->returned()) << run.outcome->trap.ToString();
      EXPECT_EQ(run.outcome->results[0], Value::I32(static_cast<int32_t>(Mix(n))))
          << "mix(" << n << ")" << (one_unit_at_a_time ? ", one fuel unit at a time" : "");
    }
  }
}

TEST(CallTargets, OnlyTheInstancesOwnSmallFunctionsBecomeCallTargetsOnceCalled) {
  TwoInstances cells;
  ASSERT_TRUE(cells.b.has_value());
  const runtime::InstanceData& b = cells.Data(*cells.b);
  const runtime::InstanceData& a = cells.Data(*cells.a);
  ASSERT_EQ(b.call_targets.size(), 5u);  // af (import), b1, big, small, mix
  for (const runtime::CallTarget& target : b.call_targets) EXPECT_EQ(target.entry, nullptr) << "before any call";

  auto run = testing::CallToEnd(cells.store, *cells.b, "mix", {Value::I32(5)}, false);
  ASSERT_TRUE(run.outcome.ok() && run.outcome->returned());
  EXPECT_EQ(run.outcome->results[0], Value::I32(static_cast<int32_t>(Mix(5))));

  EXPECT_EQ(b.call_targets[0].entry, nullptr) << "an import is never a call target";
  const runtime::CallTarget& b1 = b.call_targets[1];
  ASSERT_NE(b1.entry, nullptr) << "the instance's own function, called";
  EXPECT_EQ(b1.code, b.funcs[1]->code);
  EXPECT_EQ(b1.entry, b.funcs[1]->code->fast.words.data());
  EXPECT_EQ(b1.frame_slots, b.funcs[1]->code->frame_slots.load());
  EXPECT_EQ(b1.param_slots, 1u);
  EXPECT_EQ(b1.local_slots, 1u);
  EXPECT_EQ(b.call_targets[2].entry, nullptr) << "40 locals: more than a call in the loop zeroes";
  EXPECT_NE(b.call_targets[3].entry, nullptr) << "3 locals";
  EXPECT_EQ(b.call_targets[3].local_slots, 4u);
  EXPECT_EQ(b.call_targets[4].entry, nullptr) << "mix is only entered from the embedder";
  for (const runtime::CallTarget& target : a.call_targets) {
    EXPECT_EQ(target.entry, nullptr) << "A's functions were called only from B";
  }
}

}  // namespace
}  // namespace cella
