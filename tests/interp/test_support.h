// tests/interp/test_support.h: loading the wasm fixtures built from tests/interp
// (programs/*.c, modules/*.wat), instantiating them with the embedding API, running a
// call to its end, and counting ops in a function's compiled code.
#pragma once

#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "api/impl.h"
#include "cella/cella.h"
#include "interp/code.h"

namespace cella::testing {

inline std::vector<uint8_t> ReadFixture(const std::string& name) {
  std::string path = std::string(CELLA_TEST_WASM_DIR) + "/" + name + ".wasm";
  std::ifstream in(path, std::ios::binary);
  EXPECT_TRUE(in.good()) << "missing fixture " << path;
  return std::vector<uint8_t>((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

// A fixture, or a module given as bytes (tests/wasm/test_module.h), compiled and
// instantiated in its own store with ample fuel. On failure the test fails and `module`
// or `instance` stays empty.
struct Loaded {
  Loaded(const std::string& name, EngineConfig config = {}) : Loaded(ReadFixture(name), config, name) {}
  explicit Loaded(const std::vector<uint8_t>& wasm, EngineConfig config = {}, const std::string& label = "module")
      : engine(config), store(std::make_unique<Store>(engine)) {
    store->SetFuel(uint64_t{1} << 40);
    auto compiled = Module::Compile(engine, wasm);
    if (!compiled.ok()) {
      ADD_FAILURE() << label << ": " << compiled.error().ToString();
      return;
    }
    module.emplace(*compiled);
    Linker linker;
    auto inst = linker.Instantiate(*store, *module);
    if (!inst.ok()) {
      ADD_FAILURE() << label << ": " << inst.error().ToString();
      return;
    }
    instance.emplace(*inst);
  }

  // Calls `name` and expects it to return; on failure the result is one default value,
  // so callers may index [0] either way.
  std::vector<Value> CallOk(const std::string& name, std::vector<Value> args) {
    auto outcome = instance->Call(name, args);
    EXPECT_TRUE(outcome.ok()) << (outcome.ok() ? "" : outcome.error().ToString());
    if (!outcome.ok()) return {Value()};
    EXPECT_TRUE(outcome->returned()) << name << ": "
                                     << (outcome->paused() ? "paused" : outcome->trap.ToString());
    if (!outcome->returned()) return {Value()};
    return outcome->results;
  }

  std::vector<uint8_t> MemoryBytes() {
    auto memory = instance->GetMemory("memory");
    EXPECT_TRUE(memory.ok());
    auto data = memory->data();
    return std::vector<uint8_t>(data.begin(), data.end());
  }

  Engine engine;
  std::unique_ptr<Store> store;
  std::optional<Module> module;
  std::optional<Instance> instance;
};

// A call run to its end: its outcome, the fuel it used, and how many slices it took.
struct FinishedCall {
  Result<CallOutcome> outcome;
  uint64_t fuel_used = 0;
  uint64_t slices = 1;  // the Call plus every Resume
};

// Calls `name` and runs it to its end. With `one_unit_at_a_time` the store is given one
// unit of fuel per slice, so every instruction runs in step code (and a pause lands on
// every instruction boundary); otherwise one ample tank.
inline FinishedCall CallToEnd(Store& store, Instance& instance, const std::string& name,
                              const std::vector<Value>& args, bool one_unit_at_a_time) {
  const uint64_t tank = one_unit_at_a_time ? 1 : uint64_t{1} << 40;
  store.SetFuel(tank);
  FinishedCall run{instance.Call(name, args)};
  uint64_t given = tank;
  while (one_unit_at_a_time && run.outcome.ok() && run.outcome->paused() && run.slices < 1000000) {
    EXPECT_TRUE(store.AddFuel(1).ok());
    ++given;
    ++run.slices;
    run.outcome = store.Resume();
  }
  run.fuel_used = given - store.fuel();
  return run;
}

// How often `op` starts an instruction in the fast code of defined function `index`
// (compiled: the module must have been compiled at load or the function called).
inline int CountOps(const Module& module, uint32_t index, interp::Op op) {
  const interp::CompiledFunction& function = *module.impl()->loaded->functions.at(index);
  EXPECT_TRUE(function.compiled());
  const std::vector<uint32_t>& words = function.fast.words;
  int count = 0;
  for (size_t pc = 0; pc < words.size();) {
    const auto at = static_cast<interp::Op>(words[pc]);
    if (at == op) ++count;
    if (at == interp::Op::kJumpTable) {
      pc += 4 + words[pc + 2];
    } else if (at == interp::Op::kJumpTableAddImm) {
      pc += 5 + words[pc + 3];
    } else {
      pc += interp::OpWords(at);
    }
  }
  return count;
}

}  // namespace cella::testing
