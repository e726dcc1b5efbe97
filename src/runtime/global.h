// runtime/global.h: a global variable. Values use the slot encoding (i32/f32
// zero-extended bit patterns, references per runtime/ref.h); v128 uses both words.
#pragma once

#include <cstdint>

#include "wasm/types.h"

namespace cella::runtime {

struct GlobalInst {
  wasm::GlobalType type;
  uint64_t value[2] = {0, 0};
};

}  // namespace cella::runtime
