// tests/interp/nan_test.cc: with EngineConfig::canonicalize_nans every NaN produced by
// float arithmetic is the positive canonical NaN, whatever the inputs' payloads and the
// host's default NaN; bit operations (neg, abs) keep their input's bits.
#include <gtest/gtest.h>

#include "tests/interp/test_support.h"

namespace cella {
namespace {

using testing::Loaded;

constexpr uint32_t kCanon32 = 0x7FC00000u;
constexpr uint64_t kCanon64 = 0x7FF8000000000000ull;
const Value kPayload32 = Value::F32Bits(0xFFA12345u);           // negative signalling NaN
const Value kPayload64 = Value::F64Bits(0xFFF0000000000ABCull);  // negative signalling NaN

EngineConfig Deterministic() {
  EngineConfig config;
  config.canonicalize_nans = true;
  return config;
}

TEST(Nans, ArithmeticNaNsAreCanonicalInDeterministicMode) {
  Loaded m("nans", Deterministic());
  EXPECT_EQ(m.CallOk("f32_div", {Value::F32(0.0f), Value::F32(0.0f)})[0].f32_bits(), kCanon32);
  EXPECT_EQ(m.CallOk("f32_sqrt", {Value::F32(-1.0f)})[0].f32_bits(), kCanon32);
  EXPECT_EQ(m.CallOk("f32_add", {kPayload32, Value::F32(1.0f)})[0].f32_bits(), kCanon32);
  EXPECT_EQ(m.CallOk("f32_min", {Value::F32(1.0f), kPayload32})[0].f32_bits(), kCanon32);
  EXPECT_EQ(m.CallOk("f32_floor", {kPayload32})[0].f32_bits(), kCanon32);
  EXPECT_EQ(m.CallOk("f32_demote", {kPayload64})[0].f32_bits(), kCanon32);
  EXPECT_EQ(m.CallOk("f64_mul", {Value::F64(0.0), Value::F64(1.0 / 0.0)})[0].f64_bits(), kCanon64);
  EXPECT_EQ(m.CallOk("f64_nearest", {kPayload64})[0].f64_bits(), kCanon64);
  EXPECT_EQ(m.CallOk("f64_max", {kPayload64, kPayload64})[0].f64_bits(), kCanon64);
  EXPECT_EQ(m.CallOk("f64_promote", {kPayload32})[0].f64_bits(), kCanon64);
  EXPECT_EQ(m.CallOk("f64_sub_local", {Value::F64(1.0 / 0.0), Value::F64(1.0 / 0.0)})[0].f64_bits(), kCanon64);
}

TEST(Nans, OrdinaryResultsAreUnchanged) {
  Loaded m("nans", Deterministic());
  EXPECT_EQ(m.CallOk("f32_div", {Value::F32(1.0f), Value::F32(4.0f)})[0].f32(), 0.25f);
  EXPECT_EQ(m.CallOk("f64_nearest", {Value::F64(2.5)})[0].f64(), 2.0);
  EXPECT_EQ(m.CallOk("f32_min", {Value::F32(-0.0f), Value::F32(0.0f)})[0].f32_bits(), 0x80000000u);
}

TEST(Nans, BitOperationsKeepPayloads) {
  Loaded m("nans", Deterministic());
  EXPECT_EQ(m.CallOk("f32_neg", {kPayload32})[0].f32_bits(), 0x7FA12345u);
  EXPECT_EQ(m.CallOk("f64_abs", {kPayload64})[0].f64_bits(), 0x7FF0000000000ABCull);
}

TEST(Nans, WithoutDeterminismNaNsAreArithmeticNaNs) {
  Loaded m("nans");
  uint32_t bits = m.CallOk("f32_add", {kPayload32, Value::F32(1.0f)})[0].f32_bits();
  EXPECT_EQ(bits & 0x7FC00000u, 0x7FC00000u) << "a quiet NaN";
}

TEST(Nans, StepCodeCanonicalizesToo) {
  // One unit of fuel at a time: every instruction runs in step code.
  Loaded m("nans", Deterministic());
  m.store->SetFuel(0);
  auto outcome = m.instance->Call("f64_sub_local",
                                  std::vector<Value>{Value::F64(1.0 / 0.0), Value::F64(1.0 / 0.0)});
  while (outcome->paused()) {
    ASSERT_TRUE(m.store->AddFuel(1).ok());
    outcome = m.store->Resume();
  }
  ASSERT_TRUE(outcome->returned());
  EXPECT_EQ(outcome->results[0].f64_bits(), kCanon64);
}

}  // namespace
}  // namespace cella
