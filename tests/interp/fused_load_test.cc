// tests/interp/fused_load_test.cc: a load whose address is an i32.add used by nothing
// else runs as one fused op in fast code (<load>Add, <load>AddImm). The address must
// wrap modulo 2^32 before the offset is added, as i32.add then the load compute it, and
// an out-of-bounds access must trap at the load's offset with the fuel of the unfused
// code. Each case is checked against the same code with the sum kept by local.tee (so
// nothing is fused), and one instruction at a time.
#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "cella/cella.h"
#include "tests/interp/test_support.h"
#include "tests/wasm/test_module.h"
#include "wasm/decoder.h"

namespace cella::testing {
namespace {

using wasm::ValType;
using wasm::testing::Bytes;
using wasm::testing::Cat;
using wasm::testing::Leb;
using wasm::testing::Name;
using wasm::testing::Sleb;

struct Load {
  const char* name;
  uint8_t opcode;
  uint8_t align;
  bool i64;
};
constexpr Load kLoads[] = {
    {"i32.load", 0x28, 2, false},
    {"i32.load8_u", 0x2d, 0, false},
    {"i32.load16_s", 0x2e, 1, false},
    {"i64.load", 0x29, 3, true},
};
// The right operand of the add: a slot (local 1), or a constant.
const std::vector<int64_t> kAddends = {-1 /* slot */, 16, -16, 0x7fffffff, -4};
constexpr uint32_t kOffset = 4;
const std::vector<uint32_t> kAddresses = {0,      8,          100,        65520,      65531,     65532,
                                          0xfffffff0, 0xfffffffc, 0x80000000, 0x7fffffff};

Bytes SumCode(size_t addend) {
  if (addend == 0) return Bytes{0x20, 0x00, 0x20, 0x01, 0x6a};
  return Cat({{0x20, 0x00, 0x41}, Sleb(static_cast<int32_t>(kAddends[addend])), {0x6a}});
}

// Exports f<load>_<addend> (fused) and t<load>_<addend> (the sum kept in local 2 first).
std::vector<uint8_t> BuildModule() {
  wasm::testing::TestModule m;
  m.types.push_back(wasm::testing::FuncTypeBytes({ValType::kI32, ValType::kI32}, {ValType::kI32}));
  m.types.push_back(wasm::testing::FuncTypeBytes({ValType::kI32, ValType::kI32}, {ValType::kI64}));
  m.memories.push_back(Bytes{0x00, 0x01});
  Bytes pattern;
  for (int i = 0; i < 256; ++i) pattern.push_back(static_cast<uint8_t>(i * 37 + 11));
  // Data at 0 and at the top of the memory: the values read near either end.
  m.datas.push_back(Cat({{0x00, 0x41, 0x00, 0x0b}, Leb(pattern.size()), pattern}));
  m.datas.push_back(Cat({{0x00, 0x41}, Sleb(65536 - 256), {0x0b}, Leb(pattern.size()), pattern}));
  uint32_t index = 0;
  for (size_t l = 0; l < std::size(kLoads); ++l) {
    for (size_t a = 0; a < kAddends.size(); ++a) {
      Bytes load = Cat({{kLoads[l].opcode, kLoads[l].align}, Leb(kOffset), {0x0b}});
      for (bool tee : {false, true}) {
        m.funcs.push_back(kLoads[l].i64 ? 1 : 0);
        m.bodies.push_back(wasm::testing::BodyBytes(
            {{1, ValType::kI32}}, Cat({SumCode(a), tee ? Bytes{0x22, 0x02} : Bytes{}, load})));
        std::string name = std::string(tee ? "t" : "f") + std::to_string(l) + "_" + std::to_string(a);
        m.exports.push_back(Cat({Name(name), {0x00}, Leb(index++)}));
      }
    }
  }
  return m.Build();
}

struct Ran {
  bool trapped = false;
  uint64_t value = 0;
  uint64_t fuel = 0;
  uint32_t trap_offset = 0;
  TrapKind trap = TrapKind::kUnreachable;
};

// Runs `name`; a trap's offset is relative to the start of the function's instructions
// in `module`.
Ran RunToEnd(const wasm::Module& module, Store& store, Instance& instance, const std::string& name, uint32_t a,
             uint32_t b, bool stepped) {
  FinishedCall run = CallToEnd(store, instance, name, {Value::I32(a), Value::I32(b)}, stepped);
  Ran ran;
  EXPECT_TRUE(run.outcome.ok()) << name;
  if (!run.outcome.ok()) return ran;
  ran.fuel = run.fuel_used;
  const CallOutcome& outcome = *run.outcome;
  if (outcome.trapped()) {
    ran.trapped = true;
    ran.trap = outcome.trap.kind;
    if (!outcome.trap.backtrace.empty()) {
      const BacktraceFrame& top = outcome.trap.backtrace[0];
      ran.trap_offset = top.module_offset - module.code[top.func_index].code.offset;
    }
  } else {
    EXPECT_TRUE(outcome.returned()) << name;
    if (outcome.returned()) ran.value = outcome.results[0].i64();
  }
  return ran;
}

TEST(FusedLoad, AddressesWrapAndTrapsAreTheLoadsWithExactFuel) {
  Engine engine;
  Store store(engine);
  const std::vector<uint8_t> bytes = BuildModule();
  auto decoded = wasm::Decode(bytes);
  ASSERT_TRUE(decoded.ok());
  auto module = Module::Compile(engine, bytes);
  ASSERT_TRUE(module.ok()) << module.error().ToString();
  Linker linker;
  auto instance = linker.Instantiate(store, *module);
  ASSERT_TRUE(instance.ok()) << instance.error().ToString();
  int traps = 0, loads = 0;
  for (size_t l = 0; l < std::size(kLoads); ++l) {
    SCOPED_TRACE(kLoads[l].name);
    for (size_t a = 0; a < kAddends.size(); ++a) {
      const std::string suffix = std::to_string(l) + "_" + std::to_string(a);
      for (uint32_t x : kAddresses) {
        for (uint32_t y : a == 0 ? kAddresses : std::vector<uint32_t>{0}) {
          SCOPED_TRACE("addend " + std::to_string(kAddends[a]) + ", a " + std::to_string(x) + ", b " +
                       std::to_string(y));
          Ran fused = RunToEnd(**decoded, store, *instance, "f" + suffix, x, y, false);
          Ran plain = RunToEnd(**decoded, store, *instance, "t" + suffix, x, y, false);
          Ran stepped = RunToEnd(**decoded, store, *instance, "f" + suffix, x, y, true);
          ASSERT_EQ(fused.trapped, plain.trapped);
          EXPECT_EQ(fused.value, plain.value);
          EXPECT_EQ(fused.fuel + 1, plain.fuel) << "one local.tee less";
          EXPECT_EQ(stepped.trapped, fused.trapped);
          EXPECT_EQ(stepped.value, fused.value);
          EXPECT_EQ(stepped.fuel, fused.fuel);
          if (fused.trapped) {
            ++traps;
            EXPECT_EQ(fused.trap, TrapKind::kMemoryOutOfBounds);
            EXPECT_EQ(fused.trap_offset, SumCode(a).size()) << "the load's offset";
            EXPECT_EQ(plain.trap_offset, SumCode(a).size() + 2) << "the load's offset, after local.tee";
            EXPECT_EQ(stepped.trap_offset, fused.trap_offset);
          } else {
            ++loads;
          }
        }
      }
    }
  }
  EXPECT_GT(traps, 20);  // both outcomes are exercised
  EXPECT_GT(loads, 20);
}

}  // namespace
}  // namespace cella::testing
