// tests/interp/simd_test.cc: SIMD in the engine beyond the spec files: with
// EngineConfig::canonicalize_nans every NaN lane a float operation produces is the
// positive canonical NaN (in fast and step code), bit operations keep payloads, and
// without it NaN lanes are still quiet; v128 locals, operands and globals survive pauses.
#include <gtest/gtest.h>

#include <cstring>

#include "tests/interp/test_support.h"

namespace cella {
namespace {

using testing::Loaded;

constexpr uint32_t kCanon32 = 0x7FC00000u;
constexpr uint64_t kCanon64 = 0x7FF8000000000000ull;

EngineConfig Deterministic() {
  EngineConfig config;
  config.canonicalize_nans = true;
  return config;
}

uint32_t Lane32(const Value& v, int i) {
  uint32_t x;
  std::memcpy(&x, v.v128().bytes.data() + 4 * i, 4);
  return x;
}
uint64_t Lane64(const Value& v, int i) {
  uint64_t x;
  std::memcpy(&x, v.v128().bytes.data() + 8 * i, 8);
  return x;
}
bool IsNaN32(uint32_t bits) { return (bits & 0x7F800000u) == 0x7F800000u && (bits & 0x007FFFFFu) != 0; }

TEST(Simd, NaNLanesAreCanonicalInDeterministicMode) {
  Loaded m("simd", Deterministic());
  auto f32 = m.CallOk("f32x4_nans", {});
  ASSERT_EQ(f32.size(), 6u);
  int nans = 0;
  for (const Value& v : f32) {
    for (int i = 0; i < 4; ++i) {
      if (!IsNaN32(Lane32(v, i))) continue;
      ++nans;
      EXPECT_EQ(Lane32(v, i), kCanon32);
    }
  }
  EXPECT_GE(nans, 12) << "the fixture produces NaNs in most lanes";
  EXPECT_EQ(Lane32(f32[0], 0), kCanon32) << "0/0";
  EXPECT_EQ(Lane32(f32[0], 3), 0x3F000000u) << "1/2 is untouched";
  auto f64 = m.CallOk("f64x2_nans", {});
  ASSERT_EQ(f64.size(), 5u);
  EXPECT_EQ(Lane64(f64[0], 0), kCanon64) << "inf*0";
  EXPECT_EQ(Lane64(f64[1], 0), kCanon64) << "inf-inf";
  EXPECT_EQ(Lane64(f64[2], 1), kCanon64) << "max(NaN, 1)";
  EXPECT_EQ(Lane64(f64[3], 1), kCanon64) << "floor(NaN)";
  EXPECT_EQ(Lane64(f64[4], 0), kCanon64) << "promote(NaN)";
  EXPECT_EQ(Lane64(f64[4], 1), kCanon64) << "promote(NaN)";
}

TEST(Simd, WithoutDeterminismNaNLanesAreQuiet) {
  Loaded m("simd");
  for (const Value& v : m.CallOk("f32x4_nans", {})) {
    for (int i = 0; i < 4; ++i) {
      if (IsNaN32(Lane32(v, i))) EXPECT_EQ(Lane32(v, i) & kCanon32, kCanon32);
    }
  }
}

TEST(Simd, BitOperationsKeepPayloads) {
  Loaded m("simd", Deterministic());
  EXPECT_EQ(Lane32(m.CallOk("f32x4_neg", {})[0], 0), 0x7FA12345u);
}

TEST(Simd, StepCodeCanonicalizesToo) {
  Loaded fast("simd", Deterministic());
  auto expected = fast.CallOk("f32x4_nans", {});
  Loaded m("simd", Deterministic());
  m.store->SetFuel(0);
  auto outcome = m.instance->Call("f32x4_nans", std::vector<Value>{});
  int pauses = 0;
  while (outcome->paused()) {
    ++pauses;
    ASSERT_TRUE(m.store->AddFuel(1).ok());
    outcome = m.store->Resume();
  }
  ASSERT_TRUE(outcome->returned());
  EXPECT_GT(pauses, 10);
  EXPECT_EQ(outcome->results, expected);
}

TEST(Simd, PausedFramesCarryV128LocalsAndOperands) {
  Loaded m("simd");
  m.store->SetFuel(200);
  ASSERT_TRUE(m.instance->Call("mix", std::vector<Value>{Value::I32(50)})->paused());
  auto frames = m.store->PausedFrames();
  ASSERT_EQ(frames.size(), 1u);
  ASSERT_GE(frames[0].locals.size(), 3u);
  EXPECT_EQ(frames[0].locals[1].type(), ValType::kV128);
  EXPECT_EQ(frames[0].locals[2].type(), ValType::kV128);
  EXPECT_NE(frames[0].locals[1].v128(), V128{}) << "v holds the running mix";
}

}  // namespace
}  // namespace cella
