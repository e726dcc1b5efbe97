// runtime/instantiate.h: the spec's instantiation steps that need no code execution —
// import checks, allocation, global initialization, exports, element and data segment
// initialization. Running the start function is the caller's job (it needs the
// interpreter). Not thread-safe.
#pragma once

#include <cstdint>
#include <memory>
#include <span>

#include "base/result.h"
#include "cella/engine.h"
#include "runtime/instance.h"
#include "runtime/loaded_module.h"
#include "runtime/store_data.h"
#include "runtime/type_registry.h"

namespace cella::runtime {

struct InstantiateResult {
  uint32_t instance = 0;  // index in the store (valid even when segment init failed)
  Status status;          // kOutOfBoundsSegment when a segment did not fit
};

// Checks `imports` (one per module import, in order) against the module's import types
// (kIncompatibleImport naming the import), then allocates and initializes. Link errors
// leave the store unchanged; a failing segment leaves the instance allocated with the
// earlier segments applied, as the spec requires.
Result<InstantiateResult> Instantiate(StoreData& store, std::shared_ptr<const LoadedModule> loaded,
                                      std::span<const ExternAddr> imports, const ResourceLimits& limits,
                                      const TypeRegistry& types);

// Evaluates a validated constant expression of `instance` into the slot encoding.
void EvalConstExpr(const InstanceData& instance, const StoreData& store, const wasm::ConstExpr& expr,
                   uint64_t out[2]);

}  // namespace cella::runtime
