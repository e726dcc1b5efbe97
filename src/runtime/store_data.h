// runtime/store_data.h: every object of a store, addressed by index ("store address"
// in the spec): functions, tables, memories, globals, tags and instances. Objects never move
// once created. Not thread-safe.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "runtime/function.h"
#include "runtime/global.h"
#include "runtime/instance.h"
#include "runtime/memory.h"
#include "runtime/table.h"
#include "runtime/tag.h"

namespace cella::runtime {

struct StoreData {
  std::vector<std::unique_ptr<FuncInst>> funcs;
  std::vector<std::unique_ptr<TableInst>> tables;
  std::vector<std::unique_ptr<MemoryInst>> memories;
  std::vector<std::unique_ptr<GlobalInst>> globals;
  std::vector<std::unique_ptr<TagInst>> tags;
  std::vector<std::unique_ptr<InstanceData>> instances;

  template <class T>
  static uint32_t Add(std::vector<std::unique_ptr<T>>& list, std::unique_ptr<T> object) {
    list.push_back(std::move(object));
    return static_cast<uint32_t>(list.size() - 1);
  }
};

}  // namespace cella::runtime
