// tests/interp/compare_branch_test.cc: an i32 comparison consumed by br_if or if runs
// as one fused compare-and-branch op in fast code. Each comparison, with a slot or a
// constant right operand, drives a br_if and an if; the branch taken and the fuel used
// must be those of the comparison computed on its own (the value kept by local.tee, so
// nothing is fused), in fast code, unmetered and one instruction at a time.
#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "cella/cella.h"
#include "tests/interp/test_support.h"
#include "tests/wasm/test_module.h"

namespace cella::testing {
namespace {

using wasm::ValType;
using wasm::testing::Bytes;
using wasm::testing::Cat;
using wasm::testing::Leb;
using wasm::testing::Name;
using wasm::testing::Sleb;

struct Comparison {
  const char* name;
  uint8_t opcode;
  bool unary;  // i32.eqz
};

constexpr Comparison kComparisons[] = {
    {"i32.eqz", 0x45, true},   {"i32.eq", 0x46, false},   {"i32.ne", 0x47, false},   {"i32.lt_s", 0x48, false},
    {"i32.lt_u", 0x49, false}, {"i32.gt_s", 0x4a, false}, {"i32.gt_u", 0x4b, false}, {"i32.le_s", 0x4c, false},
    {"i32.le_u", 0x4d, false}, {"i32.ge_s", 0x4e, false}, {"i32.ge_u", 0x4f, false},
};

const std::vector<uint32_t> kValues = {0, 1, 2, 0x7fffffff, 0x80000000, 0xfffffffe, 0xffffffff};
constexpr int32_t kConstants[] = {0, 1, -1, INT32_MIN, INT32_MAX};

// The comparison of local 0 with local 1 (or with constant `k`), as instructions.
Bytes CompareCode(const Comparison& c, const int32_t* k) {
  if (c.unary) return Bytes{0x20, 0x00, c.opcode};
  if (k != nullptr) return Cat({{0x20, 0x00, 0x41}, Sleb(*k), {c.opcode}});
  return Bytes{0x20, 0x00, 0x20, 0x01, c.opcode};
}

// Bodies returning 10 when the comparison holds, 20 when not (locals 2 and 3 are
// scratch i32s). tee = true keeps the comparison's value in local 3 first, which
// prevents fusion. The br_if carries no value, so it needs no copies, and a taken one
// skips two costed instructions (its refund).
Bytes BrIfBody(const Comparison& c, const int32_t* k, bool tee) {
  // i32.const 10 local.set 2 block <cmp> [local.tee 3] br_if 0 i32.const 20 local.set 2 end
  // local.get 2
  return Cat({{0x41, 10, 0x21, 0x02, 0x02, 0x40}, CompareCode(c, k), tee ? Bytes{0x22, 0x03} : Bytes{},
              {0x0d, 0x00, 0x41, 20, 0x21, 0x02, 0x0b, 0x20, 0x02, 0x0b}});
}
Bytes IfBody(const Comparison& c, const int32_t* k, bool tee) {
  // <cmp> [local.tee 3] if (result i32) i32.const 10 else i32.const 20 end
  return Cat({CompareCode(c, k), tee ? Bytes{0x22, 0x03} : Bytes{}, {0x04, 0x7f, 0x41, 10, 0x05, 0x41, 20, 0x0b, 0x0b}});
}

// Exports br<i>/brtee<i>/if<i>/iftee<i> for i = 0 (slot operand) and 1 + j (kConstants[j]).
std::vector<uint8_t> BuildModule(const Comparison& c) {
  wasm::testing::TestModule m;
  m.types.push_back(wasm::testing::FuncTypeBytes({ValType::kI32, ValType::kI32}, {ValType::kI32}));
  uint32_t index = 0;
  auto add = [&](const std::string& name, const Bytes& code) {
    m.funcs.push_back(0);
    m.bodies.push_back(wasm::testing::BodyBytes({{2, ValType::kI32}}, code));
    m.exports.push_back(Cat({Name(name), {0x00}, Leb(index++)}));
  };
  for (size_t i = 0; i <= std::size(kConstants); ++i) {
    const int32_t* k = i == 0 ? nullptr : &kConstants[i - 1];
    add("br" + std::to_string(i), BrIfBody(c, k, false));
    add("brtee" + std::to_string(i), BrIfBody(c, k, true));
    add("if" + std::to_string(i), IfBody(c, k, false));
    add("iftee" + std::to_string(i), IfBody(c, k, true));
  }
  return m.Build();
}

struct Ran {
  uint32_t result = 0;
  uint64_t fuel = 0;
};

Ran RunToEnd(Store& store, Instance& instance, const std::string& name, uint32_t a, uint32_t b, bool one_at_a_time) {
  FinishedCall run = CallToEnd(store, instance, name, {Value::I32(a), Value::I32(b)}, one_at_a_time);
  EXPECT_TRUE(run.outcome.ok() && run.outcome->returned()) << name;
  if (!run.outcome.ok() || !run.outcome->returned()) return {};
  return Ran{run.outcome->results[0].i32(), run.fuel_used};
}

bool Holds(const Comparison& c, uint32_t a, uint32_t b) {
  const auto sa = static_cast<int32_t>(a), sb = static_cast<int32_t>(b);
  switch (c.opcode) {
    case 0x45: return a == 0;
    case 0x46: return a == b;
    case 0x47: return a != b;
    case 0x48: return sa < sb;
    case 0x49: return a < b;
    case 0x4a: return sa > sb;
    case 0x4b: return a > b;
    case 0x4c: return sa <= sb;
    case 0x4d: return a <= b;
    case 0x4e: return sa >= sb;
    default: return a >= b;
  }
}

class CompareBranchTest : public ::testing::TestWithParam<bool> {};

TEST_P(CompareBranchTest, FusedBranchesAgreeWithTheComparisonAndChargeTheSameFuel) {
  EngineConfig config;
  config.metering = GetParam();
  Engine engine(config);
  for (const Comparison& c : kComparisons) {
    SCOPED_TRACE(c.name);
    Store store(engine);
    auto module = Module::Compile(engine, BuildModule(c));
    ASSERT_TRUE(module.ok()) << module.error().ToString();
    Linker linker;
    auto instance = linker.Instantiate(store, *module);
    ASSERT_TRUE(instance.ok());
    for (size_t i = 0; i <= std::size(kConstants); ++i) {
      for (uint32_t a : kValues) {
        for (uint32_t b : kValues) {
          const uint32_t rhs = i == 0 ? b : static_cast<uint32_t>(kConstants[i - 1]);
          const uint32_t expected = Holds(c, a, rhs) ? 10 : 20;
          SCOPED_TRACE("form " + std::to_string(i) + ", a " + std::to_string(a) + ", b " + std::to_string(rhs));
          for (const char* form : {"br", "if"}) {
            const std::string fused = form + std::to_string(i);
            const std::string plain = std::string(form) + "tee" + std::to_string(i);
            Ran f = RunToEnd(store, *instance, fused, a, b, false);
            Ran p = RunToEnd(store, *instance, plain, a, b, false);
            EXPECT_EQ(f.result, expected) << fused;
            EXPECT_EQ(p.result, expected) << plain;
            if (GetParam()) {
              EXPECT_EQ(f.fuel + 1, p.fuel) << fused << ": one local.tee less";
              Ran stepped = RunToEnd(store, *instance, fused, a, b, true);
              EXPECT_EQ(stepped.result, expected) << fused << " one instruction at a time";
              EXPECT_EQ(stepped.fuel, f.fuel) << fused << " one instruction at a time";
            }
          }
        }
      }
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Metering, CompareBranchTest, ::testing::Bool(),
                         [](const auto& info) { return info.param ? "Metered" : "Unmetered"; });

}  // namespace
}  // namespace cella::testing
