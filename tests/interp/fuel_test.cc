// tests/interp/fuel_test.cc: fuel is exactly the sum of the documented costs of the
// executed instructions (docs/fuel.md); execution stops before an instruction it cannot
// pay for, and a trap refunds the part of a block it did not run.
#include <gtest/gtest.h>

#include "tests/interp/test_support.h"

namespace cella {
namespace {

using testing::Loaded;

uint64_t FuelOf(Loaded& m, const std::string& name, std::vector<Value> args) {
  m.store->SetFuel(1'000'000);
  uint64_t before = m.store->fuel_consumed();
  m.CallOk(name, std::move(args));
  EXPECT_EQ(m.store->fuel(), 1'000'000 - (m.store->fuel_consumed() - before));
  return m.store->fuel_consumed() - before;
}

TEST(Fuel, StraightLineCostsOnePerInstruction) {
  Loaded m("fuel");
  EXPECT_EQ(FuelOf(m, "add", {Value::I32(2), Value::I32(3)}), 3u);
}

TEST(Fuel, LoopCostMatchesTheDocumentedFormula) {
  Loaded m("fuel");
  for (uint32_t n : {0u, 1u, 2u, 10u, 1000u}) {
    EXPECT_EQ(FuelOf(m, "sum", {Value::I32(n)}), 12u * n + 4) << "n=" << n;
  }
  for (uint32_t n : {0u, 1u, 7u}) {
    EXPECT_EQ(FuelOf(m, "squares", {Value::I32(n)}), 16u * n + 5) << "n=" << n;
  }
}

TEST(Fuel, CallsChargeCallerAndCallee) {
  Loaded m("fuel");
  EXPECT_EQ(FuelOf(m, "call_twice", {Value::I32(1)}), 9u);
}

TEST(Fuel, StopsBeforeTheInstructionItCannotPayFor) {
  Loaded m("fuel");
  const uint64_t total = 12 * 3 + 4;
  for (uint64_t given = 0; given < total; ++given) {
    m.store->SetFuel(given);
    uint64_t before = m.store->fuel_consumed();
    auto outcome = m.instance->Call("sum", std::vector<Value>{Value::I32(3)});
    ASSERT_TRUE(outcome.ok());
    ASSERT_TRUE(outcome->paused()) << "fuel " << given;
    EXPECT_EQ(outcome->pause, PauseReason::kOutOfFuel);
    EXPECT_EQ(m.store->fuel_consumed() - before, given) << "every unit given is used before pausing";
    EXPECT_EQ(m.store->fuel(), 0u);
    ASSERT_TRUE(m.store->AddFuel(total - given).ok());
    auto resumed = m.store->Resume();
    ASSERT_TRUE(resumed.ok());
    ASSERT_TRUE(resumed->returned());
    EXPECT_EQ(resumed->results[0].i32(), 6u);
    EXPECT_EQ(m.store->fuel_consumed() - before, total);
    EXPECT_EQ(m.store->fuel(), 0u);
  }
}

TEST(Fuel, TrapRefundsTheRestOfTheBlock) {
  Loaded m("fuel");
  m.store->SetFuel(100);
  auto outcome = m.instance->Call("div_trap", {});
  ASSERT_TRUE(outcome.ok());
  ASSERT_TRUE(outcome->trapped());
  EXPECT_EQ(outcome->trap.kind, TrapKind::kIntegerDivideByZero);
  EXPECT_EQ(m.store->fuel_consumed(), 3u) << "const, const, div_s; not drop and const";
  EXPECT_EQ(m.store->fuel(), 97u);
}

TEST(Fuel, TrapWhileSteppingChargesTheSame) {
  // With 2 units the block cannot be paid at once, so it runs in step code.
  Loaded m("fuel");
  m.store->SetFuel(2);
  auto outcome = m.instance->Call("div_trap", {});
  ASSERT_TRUE(outcome->paused());
  ASSERT_TRUE(m.store->AddFuel(10).ok());
  auto resumed = m.store->Resume();
  ASSERT_TRUE(resumed->trapped());
  EXPECT_EQ(m.store->fuel_consumed(), 3u);
}

TEST(Fuel, ATakenBrIfPaysOnlyForWhatRan) {
  Loaded m("fuel");
  EXPECT_EQ(FuelOf(m, "brif_value", {Value::I32(1)}), 3u);
  EXPECT_EQ(FuelOf(m, "brif_value", {Value::I32(0)}), 7u);
  EXPECT_EQ(m.CallOk("brif_value", {Value::I32(1)})[0].i32(), 10u);
  EXPECT_EQ(m.CallOk("brif_value", {Value::I32(0)})[0].i32(), 21u);
  EXPECT_EQ(FuelOf(m, "brif_trap", {Value::I32(1)}), 3u);
  // Every amount of fuel short of the total pauses with all of it used, either way.
  for (int32_t x : {0, 1}) {
    const uint64_t total = x ? 3 : 7;
    for (uint64_t given = 0; given < total; ++given) {
      m.store->SetFuel(given);
      uint64_t before = m.store->fuel_consumed();
      auto outcome = m.instance->Call("brif_value", std::vector<Value>{Value::I32(x)});
      ASSERT_TRUE(outcome.ok() && outcome->paused()) << "x=" << x << " fuel " << given;
      EXPECT_EQ(m.store->fuel_consumed() - before, given);
      ASSERT_TRUE(m.store->AddFuel(total - given).ok());
      auto resumed = m.store->Resume();
      ASSERT_TRUE(resumed.ok() && resumed->returned());
      EXPECT_EQ(m.store->fuel_consumed() - before, total) << "x=" << x << " fuel " << given;
    }
  }
}

TEST(Fuel, ATrapAfterAnUntakenBrIfRefundsTheRestOfTheBlock) {
  Loaded m("fuel");
  m.store->SetFuel(100);
  auto outcome = m.instance->Call("brif_trap", std::vector<Value>{Value::I32(0)});
  ASSERT_TRUE(outcome.ok() && outcome->trapped());
  EXPECT_EQ(outcome->trap.kind, TrapKind::kIntegerDivideByZero);
  EXPECT_EQ(m.store->fuel_consumed(), 5u) << "local.get, br_if, const, const, div_u; not drop";
  EXPECT_EQ(m.store->fuel(), 95u);
}

TEST(Fuel, PausedStoreRefusesNewCalls) {
  Loaded m("fuel");
  m.store->SetFuel(1);
  auto outcome = m.instance->Call("sum", std::vector<Value>{Value::I32(3)});
  ASSERT_TRUE(outcome->paused());
  auto again = m.instance->Call("add", std::vector<Value>{Value::I32(1), Value::I32(2)});
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, Errc::kBusy);
  m.store->AbandonPausedCall();
  m.store->SetFuel(100);
  EXPECT_EQ(m.CallOk("add", {Value::I32(1), Value::I32(2)})[0].i32(), 3u);
  auto resume = m.store->Resume();
  ASSERT_FALSE(resume.ok());
  EXPECT_EQ(resume.error().code, Errc::kNotPaused);
}

TEST(Fuel, MeteringOffNeverConsumesFuel) {
  EngineConfig config;
  config.metering = false;
  Loaded m("fuel", config);
  m.store->SetFuel(0);
  EXPECT_EQ(m.CallOk("sum", {Value::I32(100)})[0].i32(), 5050u);
  EXPECT_EQ(m.store->fuel_consumed(), 0u);
}

}  // namespace
}  // namespace cella
