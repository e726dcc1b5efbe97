// tests/interp/immediate_test.cc: integer operations with a constant operand, and the
// fused ops built on them. Fast code folds a constant operand into the instruction (the
// *Imm ops: a 32-bit immediate, i64 ones sign-extended); constants outside that range and
// step code keep it in a slot. Each operation is checked against the same operation on
// two parameters, for edge constants on either side and edge inputs, with metering on
// and off.
#include <gtest/gtest.h>

#include <bit>
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

struct BinaryOp {
  const char* name;
  uint8_t opcode;
  bool is64;         // operands are i64
  bool bool_result;  // comparisons give an i32
};

constexpr BinaryOp kOps[] = {
    {"i32.add", 0x6a, false, false},  {"i32.sub", 0x6b, false, false},  {"i32.mul", 0x6c, false, false},
    {"i32.and", 0x71, false, false},  {"i32.or", 0x72, false, false},   {"i32.xor", 0x73, false, false},
    {"i32.shl", 0x74, false, false},  {"i32.shr_s", 0x75, false, false}, {"i32.shr_u", 0x76, false, false},
    {"i32.rotl", 0x77, false, false}, {"i32.rotr", 0x78, false, false}, {"i32.eq", 0x46, false, true},
    {"i32.ne", 0x47, false, true},    {"i32.lt_s", 0x48, false, true},  {"i32.lt_u", 0x49, false, true},
    {"i32.gt_s", 0x4a, false, true},  {"i32.gt_u", 0x4b, false, true},  {"i32.le_s", 0x4c, false, true},
    {"i32.le_u", 0x4d, false, true},  {"i32.ge_s", 0x4e, false, true},  {"i32.ge_u", 0x4f, false, true},
    {"i64.add", 0x7c, true, false},   {"i64.sub", 0x7d, true, false},   {"i64.mul", 0x7e, true, false},
    {"i64.and", 0x83, true, false},   {"i64.or", 0x84, true, false},    {"i64.xor", 0x85, true, false},
    {"i64.shl", 0x86, true, false},   {"i64.shr_s", 0x87, true, false}, {"i64.shr_u", 0x88, true, false},
    {"i64.rotl", 0x89, true, false},  {"i64.rotr", 0x8a, true, false},  {"i64.eq", 0x51, true, true},
    {"i64.ne", 0x52, true, true},     {"i64.lt_s", 0x53, true, true},   {"i64.lt_u", 0x54, true, true},
    {"i64.gt_s", 0x55, true, true},   {"i64.gt_u", 0x56, true, true},   {"i64.le_s", 0x57, true, true},
    {"i64.le_u", 0x58, true, true},   {"i64.ge_s", 0x59, true, true},   {"i64.ge_u", 0x5a, true, true},
};

// Constants: small, shift counts beyond the width, sign boundaries of the 32-bit
// immediate, and (for i64) values that do not fit it.
const std::vector<int64_t> kConstants = {0,  1,  -1, 5,  31, 32,         33,          63,         64,
                                         65, -33, INT32_MAX, INT32_MIN, int64_t{UINT32_MAX}, INT64_MIN, INT64_MAX,
                                         int64_t{1} << 40};
const std::vector<uint64_t> kInputs = {0,          1,          2,          0x7fffffff, 0x80000000, 0xffffffff,
                                       0x12345678, UINT64_MAX, 0x8000000000000000ull, 0x0123456789abcdefull};

Bytes ConstInstr(bool is64, int64_t value) {
  return is64 ? Cat({{0x42}, Sleb(value)}) : Cat({{0x41}, Sleb(static_cast<int32_t>(value))});
}

// Functions: 0 = op(p0, p1); 1 + 2i = op(p0, K_i); 2 + 2i = op(K_i, p0).
std::vector<uint8_t> BuildModule(const BinaryOp& op) {
  const ValType operand = op.is64 ? ValType::kI64 : ValType::kI32;
  const ValType result = op.bool_result ? ValType::kI32 : operand;
  wasm::testing::TestModule m;
  m.types.push_back(wasm::testing::FuncTypeBytes({operand, operand}, {result}));
  m.types.push_back(wasm::testing::FuncTypeBytes({operand}, {result}));
  auto export_func = [&](const std::string& name, uint32_t index) {
    m.exports.push_back(Cat({Name(name), {0x00}, Leb(index)}));
  };
  m.funcs.push_back(0);
  m.bodies.push_back(wasm::testing::BodyBytes({}, Bytes{0x20, 0x00, 0x20, 0x01, op.opcode, 0x0b}));
  export_func("var", 0);
  for (size_t i = 0; i < kConstants.size(); ++i) {
    Bytes k = ConstInstr(op.is64, kConstants[i]);
    m.funcs.push_back(1);
    m.bodies.push_back(wasm::testing::BodyBytes({}, Cat({{0x20, 0x00}, k, {op.opcode, 0x0b}})));
    export_func("b" + std::to_string(i), static_cast<uint32_t>(1 + 2 * i));
    m.funcs.push_back(1);
    m.bodies.push_back(wasm::testing::BodyBytes({}, Cat({k, {0x20, 0x00, op.opcode, 0x0b}})));
    export_func("a" + std::to_string(i), static_cast<uint32_t>(2 + 2 * i));
  }
  return m.Build();
}

uint64_t CallOne(Instance& instance, const std::string& name, std::vector<Value> args) {
  auto outcome = instance.Call(name, args);
  EXPECT_TRUE(outcome.ok() && outcome->returned()) << name;
  if (!outcome.ok() || !outcome->returned()) return 0;
  return outcome->results[0].i64();
}

class ImmediateTest : public ::testing::TestWithParam<bool> {};

TEST_P(ImmediateTest, ConstantOperandGivesTheSameResultAsASlotOperand) {
  EngineConfig config;
  config.metering = GetParam();
  Engine engine(config);
  for (const BinaryOp& op : kOps) {
    SCOPED_TRACE(op.name);
    Store store(engine);
    store.SetFuel(uint64_t{1} << 40);
    auto module = Module::Compile(engine, BuildModule(op));
    ASSERT_TRUE(module.ok()) << module.error().ToString();
    Linker linker;
    auto instance = linker.Instantiate(store, *module);
    ASSERT_TRUE(instance.ok()) << instance.error().ToString();
    auto make = [&](uint64_t bits) { return op.is64 ? Value::I64(bits) : Value::I32(static_cast<uint32_t>(bits)); };
    for (size_t i = 0; i < kConstants.size(); ++i) {
      const uint64_t k = op.is64 ? static_cast<uint64_t>(kConstants[i])
                                 : static_cast<uint32_t>(static_cast<int32_t>(kConstants[i]));
      for (uint64_t input : kInputs) {
        SCOPED_TRACE("constant " + std::to_string(kConstants[i]) + ", input " + std::to_string(input));
        EXPECT_EQ(CallOne(*instance, "b" + std::to_string(i), {make(input)}),
                  CallOne(*instance, "var", {make(input), make(k)}));
        EXPECT_EQ(CallOne(*instance, "a" + std::to_string(i), {make(input)}),
                  CallOne(*instance, "var", {make(k), make(input)}));
      }
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Metering, ImmediateTest, ::testing::Bool(),
                         [](const auto& info) { return info.param ? "Metered" : "Unmetered"; });

TEST(ImmediateStepTest, StepCodeAgreesWithFastCodeOnConstantOperands) {
  // With one unit of fuel at a time every instruction runs in step code, where constants
  // stay in slots; the results must be those of the fast code's immediates.
  Engine engine;
  for (const BinaryOp& op : kOps) {
    SCOPED_TRACE(op.name);
    Store fast_store(engine);
    Store step_store(engine);
    fast_store.SetFuel(uint64_t{1} << 40);
    auto module = Module::Compile(engine, BuildModule(op));
    ASSERT_TRUE(module.ok());
    Linker linker;
    auto fast = linker.Instantiate(fast_store, *module);
    auto step = linker.Instantiate(step_store, *module);
    ASSERT_TRUE(fast.ok() && step.ok());
    auto make = [&](uint64_t bits) { return op.is64 ? Value::I64(bits) : Value::I32(static_cast<uint32_t>(bits)); };
    for (size_t i = 0; i < kConstants.size(); ++i) {
      for (const char* side : {"a", "b"}) {
        const std::string name = side + std::to_string(i);
        for (uint64_t input : {uint64_t{0x80000001}, uint64_t{0xfedcba9876543210ull}}) {
          FinishedCall run = CallToEnd(step_store, *step, name, {make(input)}, true);
          ASSERT_TRUE(run.outcome.ok() && run.outcome->returned()) << name;
          EXPECT_GT(run.slices, 2u) << name << " ran without pausing";
          EXPECT_EQ(run.outcome->results[0].i64(), CallOne(*fast, name, {make(input)})) << name;
        }
      }
    }
  }
}

// Adds `body` (no locals) as a function of type 0, exported as "f<its index>".
void AddFunction(wasm::testing::TestModule& m, const Bytes& body) {
  const uint32_t index = static_cast<uint32_t>(m.funcs.size());
  m.funcs.push_back(0);
  m.bodies.push_back(wasm::testing::BodyBytes({}, body));
  m.exports.push_back(Cat({Name("f" + std::to_string(index)), {0x00}, Leb(index)}));
}

TEST(ImmediateTest, BitFieldsOfAShiftAreExact) {
  // (x >> shift) & mask runs as one op when the shift's result feeds only the and; the
  // shift count is taken modulo 32 as i32.shr_u does.
  const uint32_t shifts[] = {0, 1, 7, 24, 31, 32, 33, 0xffffffff};
  const uint32_t masks[] = {0, 0xff, 0x1ff, 0x7fffffff, 0xffffffff};
  wasm::testing::TestModule m;
  m.types.push_back(wasm::testing::FuncTypeBytes({ValType::kI32}, {ValType::kI32}));
  for (uint32_t shift : shifts) {
    for (uint32_t mask : masks) {
      // local.get 0 i32.const shift i32.shr_u i32.const mask i32.and, and the mask first
      const Bytes shift_k = Sleb(static_cast<int32_t>(shift)), mask_k = Sleb(static_cast<int32_t>(mask));
      AddFunction(m, Cat({{0x20, 0x00, 0x41}, shift_k, {0x76, 0x41}, mask_k, {0x71, 0x0b}}));
      AddFunction(m, Cat({{0x41}, mask_k, {0x20, 0x00, 0x41}, shift_k, {0x76, 0x71, 0x0b}}));
    }
  }
  Loaded loaded(m.Build());
  ASSERT_TRUE(loaded.instance.has_value());
  std::optional<Instance>& instance = loaded.instance;
  uint32_t index = 0;
  for (uint32_t shift : shifts) {
    for (uint32_t mask : masks) {
      for (int order = 0; order < 2; ++order, ++index) {
        for (uint64_t input : kInputs) {
          const uint32_t x = static_cast<uint32_t>(input);
          EXPECT_EQ(CallOne(*instance, "f" + std::to_string(index), {Value::I32(x)}), (x >> (shift & 31)) & mask)
              << "shift " << shift << ", mask " << mask << ", x " << x;
        }
      }
    }
  }
}

TEST(ImmediateTest, AMaskedValueShiftedIsOneExactOp) {
  // (x & mask) << shift, with the mask's constant on either side of the and, runs as one
  // I32AndShlImm; the shift count is taken modulo 32 as i32.shl does.
  const uint32_t shifts[] = {0, 2, 31, 32, 35};
  const uint32_t masks[] = {0x7f, 0x80000001, 0xffffffff};
  wasm::testing::TestModule m;
  m.types.push_back(wasm::testing::FuncTypeBytes({ValType::kI32}, {ValType::kI32}));
  for (uint32_t shift : shifts) {
    for (uint32_t mask : masks) {
      const Bytes k = Cat({{0x41}, Sleb(static_cast<int32_t>(mask))});
      for (int order = 0; order < 2; ++order) {
        const Bytes masked = order == 0 ? Cat({{0x20, 0x00}, k, {0x71}}) : Cat({k, {0x20, 0x00, 0x71}});
        AddFunction(m, Cat({masked, {0x41}, Sleb(static_cast<int32_t>(shift)), {0x74, 0x0b}}));
      }
    }
  }
  Loaded loaded(m.Build());
  ASSERT_TRUE(loaded.instance.has_value());
  const std::optional<Module>& module = loaded.module;
  std::optional<Instance>& instance = loaded.instance;
  uint32_t index = 0;
  for (uint32_t shift : shifts) {
    for (uint32_t mask : masks) {
      for (int order = 0; order < 2; ++order, ++index) {
        EXPECT_EQ(CountOps(*module, index, interp::Op::kI32AndShlImm), 1) << index;
        for (uint64_t input : kInputs) {
          const uint32_t x = static_cast<uint32_t>(input);
          EXPECT_EQ(CallOne(*instance, "f" + std::to_string(index), {Value::I32(x)}), (x & mask) << (shift & 31))
              << "shift " << shift << ", mask " << mask << ", x " << x;
        }
      }
    }
  }
}

TEST(ImmediateTest, ABitFieldPlusASlotIsOneExactOp) {
  // ((x >> shift) & mask) + y, with the field on either side of the add, runs as one
  // I32ShrUAndAdd; the sum wraps modulo 2^32.
  const uint32_t shifts[] = {0, 3, 31, 35};
  const uint32_t masks[] = {0x7f8, 0xffffffff};
  wasm::testing::TestModule m;
  m.types.push_back(wasm::testing::FuncTypeBytes({ValType::kI32, ValType::kI32}, {ValType::kI32}));
  for (uint32_t shift : shifts) {
    for (uint32_t mask : masks) {
      const Bytes field = Cat({{0x20, 0x00, 0x41}, Sleb(static_cast<int32_t>(shift)), {0x76, 0x41},
                               Sleb(static_cast<int32_t>(mask)), {0x71}});
      AddFunction(m, Cat({field, {0x20, 0x01, 0x6a, 0x0b}}));  // field + y
      AddFunction(m, Cat({{0x20, 0x01}, field, {0x6a, 0x0b}}));  // y + field
    }
  }
  Loaded loaded(m.Build());
  ASSERT_TRUE(loaded.instance.has_value());
  const std::optional<Module>& module = loaded.module;
  std::optional<Instance>& instance = loaded.instance;
  for (uint32_t f = 0; f < m.funcs.size(); ++f) EXPECT_EQ(CountOps(*module, f, interp::Op::kI32ShrUAndAdd), 1) << f;
  uint32_t index = 0;
  for (uint32_t shift : shifts) {
    for (uint32_t mask : masks) {
      for (int order = 0; order < 2; ++order, ++index) {
        for (uint64_t input : kInputs) {
          const uint32_t x = static_cast<uint32_t>(input), y = static_cast<uint32_t>(input >> 7) ^ 0x9e3779b9u;
          EXPECT_EQ(CallOne(*instance, "f" + std::to_string(index), {Value::I32(x), Value::I32(y)}),
                    ((x >> (shift & 31)) & mask) + y)
              << "shift " << shift << ", mask " << mask << ", x " << x;
        }
      }
    }
  }
}

TEST(ImmediateTest, AProductPlusASlotIsOneExactOp) {
  // x * y + z, with the product on either side of the add, runs as one I32MulAdd (which
  // wraps modulo 2^32 as the two ops do); a product of a constant, or one also kept in
  // a local, stays as it was.
  wasm::testing::TestModule m;
  m.types.push_back(
      wasm::testing::FuncTypeBytes({ValType::kI32, ValType::kI32, ValType::kI32}, {ValType::kI32}));
  const Bytes product = {0x20, 0x00, 0x20, 0x01, 0x6c};  // local.get 0, local.get 1, i32.mul
  const Bytes bodies[] = {
      Cat({product, {0x20, 0x02, 0x6a, 0x0b}}),                          // x*y + z
      Cat({{0x20, 0x02}, product, {0x6a, 0x0b}}),                        // z + x*y
      {0x20, 0x00, 0x41, 0x07, 0x6c, 0x20, 0x02, 0x6a, 0x0b},            // x*7 + z: not fused
      Cat({product, {0x22, 0x01, 0x20, 0x02, 0x6a, 0x20, 0x01, 0x6a, 0x0b}}),  // tee'd: x*y + z + x*y
  };
  const int fused[] = {1, 1, 0, 0};
  for (uint32_t f = 0; f < 4; ++f) {
    AddFunction(m, bodies[f]);
  }
  Loaded loaded(m.Build());
  ASSERT_TRUE(loaded.instance.has_value());
  const std::optional<Module>& module = loaded.module;
  std::optional<Instance>& instance = loaded.instance;
  for (uint32_t f = 0; f < 4; ++f) EXPECT_EQ(CountOps(*module, f, interp::Op::kI32MulAdd), fused[f]) << f;
  for (uint64_t input : kInputs) {
    const uint32_t x = static_cast<uint32_t>(input), y = static_cast<uint32_t>(input >> 5) ^ 0x9e3779b9u,
                   z = static_cast<uint32_t>(input >> 32) + 0x7fffffffu;
    const std::vector<Value> args = {Value::I32(x), Value::I32(y), Value::I32(z)};
    EXPECT_EQ(CallOne(*instance, "f0", args), x * y + z) << x << " " << y << " " << z;
    EXPECT_EQ(CallOne(*instance, "f1", args), z + x * y) << x << " " << y << " " << z;
    EXPECT_EQ(CallOne(*instance, "f2", args), x * 7u + z) << x << " " << z;
    EXPECT_EQ(CallOne(*instance, "f3", args), x * y + z + x * y) << x << " " << y << " " << z;
  }
}

TEST(ImmediateTest, AShiftOrRotationXoredWithASlotIsOneExactOp) {
  // (x op k) ^ y for op in rotl, shr_u, shl by a constant, on either side of the xor,
  // runs as one I32RotlImmXor / I32ShrUImmXor / I32ShlImmXor; counts wrap as wasm's do.
  struct Case {
    uint8_t opcode;
    interp::Op fused;
    uint32_t (*eval)(uint32_t, uint32_t);
  };
  const Case cases[] = {
      {0x77, interp::Op::kI32RotlImmXor, [](uint32_t x, uint32_t k) { return std::rotl(x, static_cast<int>(k & 31)); }},
      {0x76, interp::Op::kI32ShrUImmXor, [](uint32_t x, uint32_t k) { return x >> (k & 31); }},
      {0x74, interp::Op::kI32ShlImmXor, [](uint32_t x, uint32_t k) { return x << (k & 31); }},
  };
  const uint32_t counts[] = {0, 7, 31, 35};
  wasm::testing::TestModule m;
  m.types.push_back(wasm::testing::FuncTypeBytes({ValType::kI32, ValType::kI32}, {ValType::kI32}));
  for (const Case& c : cases) {
    for (uint32_t k : counts) {
      const Bytes shifted = Cat({{0x20, 0x00, 0x41}, Sleb(static_cast<int32_t>(k)), {c.opcode}});
      AddFunction(m, Cat({shifted, {0x20, 0x01, 0x73, 0x0b}}));  // (x op k) ^ y
      AddFunction(m, Cat({{0x20, 0x01}, shifted, {0x73, 0x0b}}));  // y ^ (x op k)
    }
  }
  Loaded loaded(m.Build());
  ASSERT_TRUE(loaded.instance.has_value());
  const std::optional<Module>& module = loaded.module;
  std::optional<Instance>& instance = loaded.instance;
  uint32_t index = 0;
  for (const Case& c : cases) {
    for (uint32_t k : counts) {
      for (int order = 0; order < 2; ++order, ++index) {
        EXPECT_EQ(CountOps(*module, index, c.fused), 1) << index;
        for (uint64_t input : kInputs) {
          const uint32_t x = static_cast<uint32_t>(input), y = static_cast<uint32_t>(input >> 3) ^ 0x9e3779b9u;
          EXPECT_EQ(CallOne(*instance, "f" + std::to_string(index), {Value::I32(x), Value::I32(y)}), c.eval(x, k) ^ y)
              << "opcode " << int{c.opcode} << ", count " << k << ", x " << x;
        }
      }
    }
  }
}

TEST(ImmediateTest, ScaledIndicesAreOneExactOp) {
  // (x << k) + y, the shift on either side of the add, runs as one I32ShlImmAdd, and
  // (x & y) << k as one I32AndShl; shift counts are taken modulo 32, sums wrap.
  const uint32_t counts[] = {0, 2, 31, 34};
  wasm::testing::TestModule m;
  m.types.push_back(wasm::testing::FuncTypeBytes({ValType::kI32, ValType::kI32}, {ValType::kI32}));
  for (uint32_t k : counts) {
    const Bytes shifted = Cat({{0x20, 0x00, 0x41}, Sleb(static_cast<int32_t>(k)), {0x74}});
    const Bytes bodies[] = {
        Cat({shifted, {0x20, 0x01, 0x6a, 0x0b}}),                                      // (x << k) + y
        Cat({{0x20, 0x01}, shifted, {0x6a, 0x0b}}),                                    // y + (x << k)
        Cat({{0x20, 0x00, 0x20, 0x01, 0x71, 0x41}, Sleb(static_cast<int32_t>(k)), {0x74, 0x0b}}),  // (x & y) << k
    };
    for (const Bytes& body : bodies) {
      AddFunction(m, body);
    }
  }
  Loaded loaded(m.Build());
  ASSERT_TRUE(loaded.instance.has_value());
  const std::optional<Module>& module = loaded.module;
  std::optional<Instance>& instance = loaded.instance;
  uint32_t index = 0;
  for (uint32_t k : counts) {
    EXPECT_EQ(CountOps(*module, index, interp::Op::kI32ShlImmAdd), 1) << k;
    EXPECT_EQ(CountOps(*module, index + 1, interp::Op::kI32ShlImmAdd), 1) << k;
    EXPECT_EQ(CountOps(*module, index + 2, interp::Op::kI32AndShl), 1) << k;
    for (uint64_t input : kInputs) {
      const uint32_t x = static_cast<uint32_t>(input), y = static_cast<uint32_t>(input >> 3) ^ 0x9e3779b9u;
      const std::vector<Value> args = {Value::I32(x), Value::I32(y)};
      EXPECT_EQ(CallOne(*instance, "f" + std::to_string(index), args), (x << (k & 31)) + y) << k << " " << x;
      EXPECT_EQ(CallOne(*instance, "f" + std::to_string(index + 1), args), y + (x << (k & 31))) << k << " " << x;
      EXPECT_EQ(CallOne(*instance, "f" + std::to_string(index + 2), args), (x & y) << (k & 31)) << k << " " << x;
    }
    index += 3;
  }
}

TEST(ImmediateTest, TwoAddsOfAConstantInARowAreOnePairedOp) {
  // Two i32.adds of a constant one after the other run as one I32AddImmPair, whether the
  // second reads the first's result or not; when the second feeds a load (I32LoadAddImm)
  // it is not paired, and the first stays a plain I32AddImm.
  wasm::testing::TestModule m;
  m.types.push_back(wasm::testing::FuncTypeBytes({ValType::kI32, ValType::kI32}, {ValType::kI32}));
  m.memories.push_back(Bytes{0x00, 0x01});
  m.datas.push_back(Cat({{0x00, 0x41, 0x10, 0x0b, 0x04}, {0x78, 0x56, 0x34, 0x12}}));
  const Bytes bodies[] = {
      // a += 5; b += -3; a * b
      {0x20, 0x00, 0x41, 0x05, 0x6a, 0x21, 0x00, 0x20, 0x01, 0x41, 0x7d, 0x6a, 0x21, 0x01, 0x20, 0x00, 0x20, 0x01,
       0x6c, 0x0b},
      // a + 5 + 0x7fffffff
      Cat({{0x20, 0x00, 0x41, 0x05, 0x6a, 0x41}, Sleb(0x7fffffff), {0x6a, 0x0b}}),
      // a += 5; load(b + 4) + a
      {0x20, 0x00, 0x41, 0x05, 0x6a, 0x21, 0x00, 0x20, 0x01, 0x41, 0x04, 0x6a, 0x28, 0x02, 0x00, 0x20, 0x00, 0x6a,
       0x0b},
  };
  const int pairs[] = {1, 1, 0};
  for (uint32_t f = 0; f < 3; ++f) {
    AddFunction(m, bodies[f]);
  }
  Loaded loaded(m.Build());
  ASSERT_TRUE(loaded.instance.has_value());
  const std::optional<Module>& module = loaded.module;
  std::optional<Instance>& instance = loaded.instance;
  for (uint32_t f = 0; f < 3; ++f) EXPECT_EQ(CountOps(*module, f, interp::Op::kI32AddImmPair), pairs[f]) << f;
  EXPECT_EQ(CountOps(*module, 2, interp::Op::kI32LoadAddImm), 1);
  EXPECT_EQ(CountOps(*module, 2, interp::Op::kI32AddImm), 1);
  for (uint64_t input : kInputs) {
    const uint32_t a = static_cast<uint32_t>(input), b = static_cast<uint32_t>(input >> 3) ^ 0x9e3779b9u;
    EXPECT_EQ(CallOne(*instance, "f0", {Value::I32(a), Value::I32(b)}), (a + 5) * (b - 3)) << a << " " << b;
    EXPECT_EQ(CallOne(*instance, "f1", {Value::I32(a), Value::I32(b)}), a + 5 + 0x7fffffffu) << a;
  }
  EXPECT_EQ(CallOne(*instance, "f2", {Value::I32(7), Value::I32(12)}), 0x12345678u + 12);
}

}  // namespace
}  // namespace cella::testing
