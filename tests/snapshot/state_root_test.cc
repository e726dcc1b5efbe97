// tests/snapshot/state_root_test.cc: the state root is a function of the instance's state
// only: equal for equal states however they were reached (straight, in fuel slices, or
// rebuilt in another store from wasm-level frames), different when any part differs,
// and the same whether computed incrementally or from scratch.
#include "snapshot/state_root.h"

#include <gtest/gtest.h>

#include "tests/interp/test_support.h"

namespace cella::snapshot {
namespace {

using cella::testing::Loaded;

Hash FreshRoot(const Instance& instance, uint64_t fuel) {
  StateHasher hasher;
  return hasher.Root(instance, {fuel, {}});
}

TEST(StateRoot, EqualRunsGiveEqualRoots) {
  Loaded a("sort"), b("sort");
  a.CallOk("sort", {Value::I32(5)});
  b.CallOk("sort", {Value::I32(5)});
  EXPECT_EQ(FreshRoot(*a.instance, 1), FreshRoot(*b.instance, 1));
  Loaded c("sort");
  c.CallOk("sort", {Value::I32(6)});
  EXPECT_NE(FreshRoot(*a.instance, 1), FreshRoot(*c.instance, 1)) << "different memory";
  EXPECT_NE(FreshRoot(*a.instance, 1), FreshRoot(*a.instance, 2)) << "different fuel";
  uint8_t host[] = {1, 2, 3};
  StateHasher h;
  EXPECT_NE(h.Root(*a.instance, {1, {}}), h.Root(*a.instance, {1, host})) << "different host state";
}

TEST(StateRoot, IncrementalRootsMatchFreshOnes) {
  Loaded m("sort");
  StateHasher incremental;
  for (uint32_t seed : {1u, 2u, 3u}) {
    m.CallOk("sort", {Value::I32(seed)});
    Hash fresh_before = FreshRoot(*m.instance, seed);  // a fresh hasher clears dirty pages...
    // ...so dirty them all again by rewriting memory, to give the incremental hasher the
    // same information it would have had.
    Memory memory = *m.instance->GetMemory("memory");
    std::vector<uint8_t> copy(memory.data().begin(), memory.data().end());
    ASSERT_TRUE(memory.Write(0, copy).ok());
    EXPECT_EQ(incremental.Root(*m.instance, {seed, {}}), fresh_before) << "seed " << seed;
  }
}

TEST(StateRoot, OnlyWrittenPagesAreRehashed) {
  Loaded m("fuel");
  StateHasher hasher;
  Hash before = hasher.Root(*m.instance, {0, {}});
  Memory memory = *m.instance->GetMemory("memory");
  EXPECT_TRUE(memory.DirtyPages().empty()) << "the root consumed the write tracking";
  EXPECT_EQ(hasher.Root(*m.instance, {0, {}}), before);
  m.CallOk("squares", {Value::I32(4)});
  EXPECT_EQ(memory.DirtyPages(), std::vector<uint32_t>{0});
  EXPECT_NE(hasher.Root(*m.instance, {0, {}}), before);
}

TEST(StateRoot, CoversGlobalsAndPausedFrames) {
  Loaded m("fuel");
  m.store->SetFuel(5);
  ASSERT_TRUE(m.instance->Call("sum", std::vector<Value>{Value::I32(3)})->paused());
  Hash paused = FreshRoot(*m.instance, 5);
  ASSERT_TRUE(m.store->AddFuel(1).ok());
  ASSERT_TRUE(m.store->Resume()->paused());
  EXPECT_NE(FreshRoot(*m.instance, 5), paused) << "the operand stack changed";
  m.store->AbandonPausedCall();
  EXPECT_NE(FreshRoot(*m.instance, 5), paused) << "no paused call";
}

TEST(StateRoot, SameRootAfterRebuildingAPausedCallElsewhere) {
  Loaded first("sort");
  first.store->SetFuel(100'000);
  ASSERT_TRUE(first.instance->Call("sort", std::vector<Value>{Value::I32(9)})->paused());
  Hash original = FreshRoot(*first.instance, 100'000);

  Loaded second("sort");
  Memory src = *first.instance->GetMemory("memory");
  Memory dst = *second.instance->GetMemory("memory");
  ASSERT_TRUE(dst.Write(0, src.data()).ok());
  for (uint32_t i = 0; i < first.instance->global_count(); ++i) {
    Global g = *second.instance->GlobalAt(i);
    if (g.type().mutable_) ASSERT_TRUE(g.Set(first.instance->GlobalAt(i)->Get()).ok());
  }
  ASSERT_TRUE(second.store->RestorePausedCall(*second.instance, first.store->PausedFrames()).ok());
  EXPECT_EQ(FreshRoot(*second.instance, 100'000), original);
}

TEST(StateRoot, SlicedAndStraightRunsEndAtTheSameRoot) {
  Loaded straight("hash");
  straight.CallOk("hash", {Value::I64(3)});
  uint64_t fuel = straight.store->fuel_consumed();
  Hash expected = FreshRoot(*straight.instance, fuel);

  Loaded sliced("hash");
  StateHasher hasher;
  sliced.store->SetFuel(50'000);
  auto outcome = sliced.instance->Call("hash", std::vector<Value>{Value::I64(3)});
  while (outcome->paused()) {
    (void)hasher.Root(*sliced.instance, {sliced.store->fuel_consumed(), {}});  // a root at every pause
    ASSERT_TRUE(sliced.store->AddFuel(50'000).ok());
    outcome = sliced.store->Resume();
  }
  EXPECT_EQ(hasher.Root(*sliced.instance, {sliced.store->fuel_consumed(), {}}), expected);
}

}  // namespace
}  // namespace cella::snapshot
