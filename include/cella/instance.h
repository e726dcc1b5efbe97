// cella/instance.h: an instantiated module and the Linker that resolves its imports.
// Instances live in (and are owned by) a Store; an Instance handle is valid while its
// Store lives. Not thread-safe (see Store).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "cella/module.h"
#include "cella/store.h"

namespace cella {

class Instance {
 public:
  const Module& module() const;
  std::optional<Extern> GetExport(std::string_view name) const;
  // Typed lookups; kNotFound naming the export when missing or of another kind.
  Result<Function> GetFunction(std::string_view name) const;
  Result<Memory> GetMemory(std::string_view name) const;
  Result<Global> GetGlobal(std::string_view name) const;
  Result<Table> GetTable(std::string_view name) const;
  // By index in the module's index spaces (imports first), exported or not; kNotFound
  // beyond the end. Snapshots use these to reach every piece of state.
  Result<Function> FunctionAt(uint32_t index) const;
  Result<Memory> MemoryAt(uint32_t index) const;
  Result<Global> GlobalAt(uint32_t index) const;
  Result<Table> TableAt(uint32_t index) const;
  uint32_t function_count() const;
  uint32_t memory_count() const;
  uint32_t global_count() const;
  uint32_t table_count() const;

  // Passive segments still usable by memory.init / table.init: a segment dropped (or,
  // for active ones, applied at instantiation) behaves as empty. Part of an instance's
  // state (state roots, snapshots); DropSegments replays drops on a restored instance.
  std::vector<bool> data_segments_dropped() const;
  std::vector<bool> elem_segments_dropped() const;
  Status DropSegments(const std::vector<bool>& data, const std::vector<bool>& elems) const;

  // GetFunction(name) then Call(args).
  Result<CallOutcome> Call(std::string_view export_name, std::span<const Value> args) const;

  uint32_t index() const { return index_; }
  Store& store() const { return *store_; }

 private:
  friend struct detail::StoreImpl;
  Instance(Store* store, uint32_t index) : store_(store), index_(index) {}
  Store* store_;
  uint32_t index_;
};

struct InstantiateOptions {
  // Run the module's start function. Off when the instance's state will be restored
  // from elsewhere (a snapshot) instead.
  bool run_start = true;
};

// Resolves imports by (module, name) and instantiates modules into a store.
class Linker {
 public:
  // Later definitions of the same (module, name) replace earlier ones.
  void Define(std::string module, std::string name, Extern value);
  // Every export of `instance` under `module_name`.
  void DefineInstance(std::string module_name, const Instance& instance);
  void DefineHostFunction(Store& store, std::string module, std::string name, FuncType type,
                          HostCallback callback);
  std::optional<Extern> Lookup(std::string_view module, std::string_view name) const;

  // Links, allocates, initializes segments and runs the start function. Errors:
  // kUnknownImport / kIncompatibleImport (naming the import), kOutOfBoundsSegment,
  // kInstantiateTrap (a trap in the start function or segment initialization, with its
  // backtrace in the message), kResourceLimit.
  Result<Instance> Instantiate(Store& store, const Module& module, const InstantiateOptions& options = {}) const;

 private:
  std::map<std::pair<std::string, std::string>, Extern> definitions_;
};

}  // namespace cella
