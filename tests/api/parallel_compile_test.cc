// tests/api/parallel_compile_test.cc: Module::Compile on several threads
// (EngineConfig::compile_threads) gives the same module and, for an invalid module, the
// same error as compiling on the calling thread — the lowest-numbered invalid function's —
// whether functions are compiled at load or on first call (EngineConfig::compilation).
#include <gtest/gtest.h>

#include <algorithm>

#include "api/impl.h"
#include "cella/cella.h"
#include "interp/code.h"
#include "tests/wasm/test_module.h"

namespace cella {
namespace {

using wasm::testing::Bytes;
using wasm::testing::Cat;
using wasm::testing::Leb;
using wasm::testing::Sleb;

constexpr uint8_t kI32Const = 0x41, kI32Add = 0x6A, kDrop = 0x1A, kEnd = 0x0B, kLocalGet = 0x20;

// Function i: (param i32) (result i32) returns param + i, after `filler` dead pairs of
// i32.const/drop so the module is large enough to be compiled in parallel. Functions in
// `invalid` end with an i64.const where an i32 is expected (a type mismatch).
Bytes BigModule(uint32_t functions, uint32_t filler, std::vector<uint32_t> invalid = {}) {
  wasm::testing::TestModule m;
  m.types.push_back(wasm::testing::FuncTypeBytes({ValType::kI32}, {ValType::kI32}));
  for (uint32_t i = 0; i < functions; ++i) {
    Bytes code;
    for (uint32_t k = 0; k < filler; ++k) {
      code.push_back(kI32Const);
      Bytes v = Sleb(static_cast<int64_t>(k * 7919 % 100000));
      code.insert(code.end(), v.begin(), v.end());
      code.push_back(kDrop);
    }
    code.push_back(kLocalGet);
    code.push_back(0);
    code.push_back(kI32Const);
    Bytes v = Sleb(i);
    code.insert(code.end(), v.begin(), v.end());
    code.push_back(kI32Add);
    if (std::find(invalid.begin(), invalid.end(), i) != invalid.end()) {
      code.push_back(0x42);  // i64.const 0: leaves [i32 i64] where [i32] is the result
      code.push_back(0);
    }
    code.push_back(kEnd);
    m.funcs.push_back(0);
    m.bodies.push_back(wasm::testing::BodyBytes({}, code));
  }
  m.exports.push_back(Cat({wasm::testing::Name("f" + std::to_string(functions - 1)), Bytes{0x00},
                           Leb(functions - 1)}));
  return m.Build();
}

Result<Module> CompileWith(unsigned threads, const Bytes& bytes, bool lazy = true) {
  EngineConfig config;
  config.compile_threads = threads;
  config.compilation = lazy ? Compilation::kOnFirstCall : Compilation::kAtLoad;
  Engine engine(config);
  return Module::Compile(engine, bytes);
}

TEST(ParallelCompile, ManyThreadsGiveAWorkingModule) {
  const Bytes bytes = BigModule(400, 200);  // ~400 × 800 bytes of code: past the threshold
  ASSERT_GT(bytes.size(), 256u * 1024);
  for (unsigned threads : {1u, 2u, 4u}) for (bool lazy : {true, false}) {
    EngineConfig config;
    config.compile_threads = threads;
    config.compilation = lazy ? Compilation::kOnFirstCall : Compilation::kAtLoad;
    Engine engine(config);
    auto module = Module::Compile(engine, bytes);
    ASSERT_TRUE(module.ok()) << module.error().ToString();
    Store store(engine);
    store.SetFuel(10'000'000);
    Linker linker;
    auto instance = linker.Instantiate(store, *module);
    ASSERT_TRUE(instance.ok()) << instance.error().ToString();
    auto outcome = instance->Call("f399", std::vector<Value>{Value::I32(1000)});
    ASSERT_TRUE(outcome.ok()) << outcome.error().ToString();
    ASSERT_TRUE(outcome->returned());
    EXPECT_EQ(outcome->results[0], Value::I32(1399)) << threads << " threads, lazy " << lazy;
  }
}

TEST(ParallelCompile, AutoCompilesALargeModulesFunctionsOnTheirFirstCall) {
  const Bytes bytes = BigModule(400, 200);
  Engine engine;  // Compilation::kAuto
  auto module = Module::Compile(engine, bytes);
  ASSERT_TRUE(module.ok()) << module.error().ToString();
  const auto& functions = module->impl()->loaded->functions;
  ASSERT_EQ(functions.size(), 400u);
  Store store(engine);
  store.SetFuel(10'000'000);
  auto instance = Linker().Instantiate(store, *module);
  ASSERT_TRUE(instance.ok()) << instance.error().ToString();
  EXPECT_FALSE(functions[399]->compiled());
  auto outcome = instance->Call("f399", std::vector<Value>{Value::I32(1)});
  ASSERT_TRUE(outcome.ok() && outcome->returned());
  EXPECT_EQ(outcome->results[0], Value::I32(400));
  EXPECT_TRUE(functions[399]->compiled());
  EXPECT_FALSE(functions[0]->compiled());
}

TEST(ParallelCompile, TheErrorIsTheLowestInvalidFunctionsWhateverTheThreads) {
  const Bytes bytes = BigModule(400, 200, {391, 57, 250});
  auto sequential = CompileWith(1, bytes);
  ASSERT_FALSE(sequential.ok());
  EXPECT_EQ(sequential.error().code, Errc::kTypeMismatch);
  EXPECT_NE(sequential.error().message.find("0x"), std::string::npos) << sequential.error().ToString();
  for (bool lazy : {true, false}) {
    for (unsigned threads : {1u, 2u, 3u, 8u}) {
      for (int round = 0; round < 5; ++round) {
        auto parallel = CompileWith(threads, bytes, lazy);
        ASSERT_FALSE(parallel.ok());
        EXPECT_EQ(parallel.error().ToString(), sequential.error().ToString())
            << threads << " threads, lazy " << lazy;
      }
    }
  }
}

TEST(ParallelCompile, AMalformedLaterBodyStillWinsOverAnEarlierInvalidOne) {
  Bytes bytes = BigModule(400, 200, {10});
  // Corrupt the last body's final `end` into an unknown opcode: malformed beats invalid.
  ASSERT_EQ(bytes.back(), kEnd);
  bytes.back() = 0xFF;
  auto sequential = CompileWith(1, bytes);
  ASSERT_FALSE(sequential.ok());
  EXPECT_EQ(PhaseOf(sequential.error().code), Phase::kDecode) << sequential.error().ToString();
  for (bool lazy : {true, false}) {
    auto parallel = CompileWith(4, bytes, lazy);
    ASSERT_FALSE(parallel.ok());
    EXPECT_EQ(parallel.error().ToString(), sequential.error().ToString()) << "lazy " << lazy;
  }
}

}  // namespace
}  // namespace cella
