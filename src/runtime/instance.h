// runtime/instance.h: an instance's view of the store: its index spaces (functions,
// tables, memories, globals, tags as store objects), element and data segments, exports.
// Owned by StoreData. Not thread-safe.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "runtime/function.h"
#include "runtime/global.h"
#include "runtime/loaded_module.h"
#include "runtime/memory.h"
#include "runtime/table.h"
#include "runtime/tag.h"

namespace cella::runtime {

struct ExternAddr {
  wasm::ExternKind kind = wasm::ExternKind::kFunc;
  uint32_t address = 0;  // index into the store's list for that kind
};

struct InstanceData {
  std::shared_ptr<const LoadedModule> loaded;
  const wasm::Module* module = nullptr;  // loaded->module
  uint32_t index = 0;                    // in the store

  std::vector<uint32_t> func_addrs;
  std::vector<FuncInst*> funcs;
  std::vector<CallTarget> call_targets;  // one per function index; the interpreter fills them
  std::vector<uint32_t> table_addrs;
  std::vector<TableInst*> tables;
  std::vector<uint32_t> memory_addrs;
  std::vector<MemoryInst*> memories;
  std::vector<uint32_t> global_addrs;
  std::vector<GlobalInst*> globals;
  std::vector<uint32_t> tag_addrs;
  std::vector<TagInst*> tags;

  std::vector<std::vector<uint64_t>> elems;  // resolved references; emptied by elem.drop
  std::vector<bool> data_dropped;

  std::map<std::string, ExternAddr, std::less<>> exports;

  MemoryInst* memory0() const { return memories.empty() ? nullptr : memories[0]; }
  // Bytes of data segment `index` (empty once dropped).
  std::span<const uint8_t> DataBytes(uint32_t index) const {
    if (data_dropped[index]) return {};
    return module->Slice(module->datas[index].init);
  }
};

}  // namespace cella::runtime
