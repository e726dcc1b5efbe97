// tests/interp/test_support.h: loading the wasm fixtures built from tests/interp
// (programs/*.c, modules/*.wat) and instantiating them with the embedding API.
#pragma once

#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <memory>
#include <string>
#include <vector>

#include "cella/cella.h"

namespace cella::testing {

inline std::vector<uint8_t> ReadFixture(const std::string& name) {
  std::string path = std::string(CELLA_TEST_WASM_DIR) + "/" + name + ".wasm";
  std::ifstream in(path, std::ios::binary);
  EXPECT_TRUE(in.good()) << "missing fixture " << path;
  return std::vector<uint8_t>((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

// A fixture instantiated in its own store.
struct Loaded {
  Loaded(const std::string& name, EngineConfig config = {})
      : engine(config), store(std::make_unique<Store>(engine)) {
    store->SetFuel(uint64_t{1} << 40);
    auto module = Module::Compile(engine, ReadFixture(name));
    if (!module.ok()) {
      ADD_FAILURE() << name << ": " << module.error().ToString();
      return;
    }
    Linker linker;
    auto inst = linker.Instantiate(*store, *module);
    if (!inst.ok()) {
      ADD_FAILURE() << name << ": " << inst.error().ToString();
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
  std::optional<Instance> instance;
};

}  // namespace cella::testing
