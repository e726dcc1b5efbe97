// runtime/ref.h: how references live in value-stack slots, globals and tables: one
// 64-bit word, 0 = null. funcref: store function address + 1. externref: host handle + 1.
// Store addresses, not pointers, so the encoding is the same on every host.
#pragma once

#include <cstdint>

namespace cella::runtime {

constexpr uint64_t kNullRef = 0;
inline uint64_t FuncRefFromAddress(uint32_t address) { return uint64_t{address} + 1; }
inline uint32_t AddressFromFuncRef(uint64_t ref) { return static_cast<uint32_t>(ref - 1); }

}  // namespace cella::runtime
