// runtime/tag.h: an exception tag (exception-handling proposal). A tag is identified by
// its store address: every tag definition of every instance is a new tag, imports share
// the exporter's. Its type is a function type without results; the params are the types
// of an exception's payload. Not thread-safe.
#pragma once

#include <cstdint>

#include "wasm/types.h"

namespace cella::runtime {

struct InstanceData;

struct TagInst {
  uint32_t type_id = 0;                  // TypeRegistry id
  const wasm::FuncType* type = nullptr;  // interned; lives as long as the engine
  InstanceData* instance = nullptr;      // the defining instance (null for host-made tags)
  uint32_t tag_index = 0;                // index in that instance's module
};

}  // namespace cella::runtime
