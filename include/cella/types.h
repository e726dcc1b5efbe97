// cella/types.h: extern kinds and the types of tables, memories and globals, shared by
// the embedding API and the engine's internal module representation. Plain data.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "cella/value.h"

namespace cella {

enum class ExternKind : uint8_t { kFunc = 0, kTable = 1, kMemory = 2, kGlobal = 3, kTag = 4 };
const char* ExternKindName(ExternKind kind);

struct Limits {
  uint64_t min = 0;
  std::optional<uint64_t> max;
  bool operator==(const Limits&) const = default;
};

struct TableType {
  ValType elem_type = ValType::kFuncRef;
  Limits limits;
  bool operator==(const TableType&) const = default;
};

struct MemoryType {
  Limits limits;  // in 64 KiB pages
  bool operator==(const MemoryType&) const = default;
};

// An exception tag's type: the payload types (a function type's params; no results).
struct TagType {
  FuncType type;
  bool operator==(const TagType&) const = default;
};

struct GlobalType {
  ValType type = ValType::kI32;
  bool mutable_ = false;
  bool operator==(const GlobalType&) const = default;
};

}  // namespace cella
