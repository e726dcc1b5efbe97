// runtime/table.h: a table of references (funcref or externref) in the engine's 64-bit
// reference encoding (runtime/ref.h). Not thread-safe.
#pragma once

#include <cstdint>
#include <vector>

#include "wasm/types.h"

namespace cella::runtime {

struct TableInst {
  wasm::TableType type;
  uint64_t max_elements = 0;  // effective: min(declared max, embedder limit)
  std::vector<uint64_t> elements;

  uint64_t size() const { return elements.size(); }
  wasm::TableType CurrentType() const {
    wasm::TableType t = type;
    t.limits.min = elements.size();
    return t;
  }
  // table.grow: previous size, or -1 when the maximum forbids it.
  int64_t Grow(uint64_t delta, uint64_t init) {
    uint64_t old = elements.size();
    if (delta > max_elements || old > max_elements - delta) return -1;
    elements.resize(old + delta, init);
    return static_cast<int64_t>(old);
  }
};

}  // namespace cella::runtime
