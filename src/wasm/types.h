// wasm/types.h: module-level type descriptions (limits, tables, memories, globals,
// imports/exports kinds) shared by the decoder, validator and runtime. Plain data.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "cella/types.h"
#include "cella/value.h"

namespace cella::wasm {

using cella::FuncType;
using cella::ValType;

constexpr uint32_t kPageSize = 65536;
constexpr uint32_t kMaxPages = 65536;  // 4 GiB, the wasm32 limit

using cella::ExternKind;
using cella::ExternKindName;
using cella::GlobalType;
using cella::Limits;
using cella::MemoryType;
using cella::TableType;

// Slot size of a value in the engine's value stack (v128 takes two 64-bit slots).
inline uint32_t SlotCount(ValType type) { return type == ValType::kV128 ? 2 : 1; }

bool IsValidValTypeByte(uint8_t byte);

// A span of one `type`, in static storage (a block's or an operator's single type).
std::span<const ValType> OneType(ValType type);

}  // namespace cella::wasm
