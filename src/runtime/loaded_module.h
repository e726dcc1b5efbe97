// runtime/loaded_module.h: a decoded, validated and compiled module as instances share
// it: the wasm::Module, its interned type ids, and the compiled code of each defined
// function (owned here, defined by interp/). Immutable after loading; thread-safe.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "wasm/module.h"
#include "wasm/validator.h"

namespace cella::interp {
struct CompiledFunction;
}

namespace cella::runtime {

struct LoadedModule {
  std::unique_ptr<wasm::Module> module;
  wasm::ModuleContext context;
  std::vector<uint32_t> type_ids;  // TypeRegistry id of each module type index
  std::vector<std::shared_ptr<interp::CompiledFunction>> functions;  // defined functions
  std::string name;                // from the name section, may be empty
  // How the code was compiled (step code is compiled later with the same settings).
  bool metering = true;
  bool canonicalize_nans = false;
};

}  // namespace cella::runtime
