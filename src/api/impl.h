// api/impl.h: the private state behind the embedding API's handles (Engine, Module,
// Store). Only src/api includes this. Not thread-safe except EngineImpl.
#pragma once

#include <memory>
#include <vector>

#include "cella/cella.h"
#include "interp/code.h"
#include "interp/executor.h"
#include "interp/thread.h"
#include "runtime/loaded_module.h"
#include "runtime/store_data.h"
#include "runtime/type_registry.h"

namespace cella::detail {

struct EngineImpl {
  EngineConfig config;
  runtime::TypeRegistry types;
};

struct ModuleImpl {
  std::shared_ptr<const EngineImpl> engine;
  std::shared_ptr<runtime::LoadedModule> loaded;
  std::vector<ImportInfo> imports;
  std::vector<ExportInfo> exports;
};

struct StoreImpl {
  StoreImpl(Store* self, const Engine& engine);

  Store* self;
  Engine engine;
  runtime::StoreData data;
  interp::Thread thread;
  uint64_t fuel_consumed = 0;  // by finished runs; a running one adds run_start_fuel - thread.fuel
  uint64_t run_start_fuel = 0;
  std::vector<Module> modules;  // per instance index

  bool paused = false;
  const FuncType* paused_type = nullptr;  // result types of the paused call

  // Runs a call of store function `address` with `args` (already checked).
  CallOutcome Invoke(uint32_t address, std::span<const Value> args);
  // Continues the thread after Invoke/Resume set it up and converts how it stopped.
  CallOutcome RunAndFinish(const FuncType& type);
  TrapInfo MakeTrap(const interp::Stop& stop) const;
  std::vector<BacktraceFrame> Backtrace() const;
  Status CheckArgs(const FuncType& type, std::span<const Value> args) const;
  Status Idle() const;  // kBusy unless nothing runs or is paused
  // kInvalidArgument unless a funcref value is null or a function of this store.
  Status CheckRef(const Value& value) const;

  Instance MakeInstance(uint32_t index) { return Instance(self, index); }
  Function MakeFunction(uint32_t address) { return Function(self, address); }
  Memory MakeMemory(uint32_t address) { return Memory(self, address); }
  Global MakeGlobal(uint32_t address) { return Global(self, address); }
  Table MakeTable(uint32_t address) { return Table(self, address); }
  Tag MakeTag(uint32_t address) { return Tag(self, address); }
  Extern MakeExtern(const runtime::ExternAddr& addr);
};

// A function's name for backtraces and frames: the name section's, else its first
// export name, else "".
std::string FunctionDisplayName(const wasm::Module& module, uint32_t func_index);

// Value conversion between the API and the slot encoding.
Value ValueFromSlots(ValType type, const uint64_t* slots);
void ValueToSlots(const Value& value, uint64_t* slots);

}  // namespace cella::detail
