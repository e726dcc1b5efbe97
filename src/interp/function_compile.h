// interp/function_compile.h: the code of a module's defined functions, compiled on first
// use. Loading a module validates every body and makes each function's CompiledFunction
// (NewCompiledFunction); EnsureCompiled translates a function's body into fast code the
// first time it is called, or for every function at load time (EngineConfig::compilation). Thread-safe: instances on several threads may share
// one module and race to compile the same function; one compiles, the others wait.
#pragma once

#include <cstdint>
#include <memory>
#include <span>

#include "base/result.h"
#include "interp/code.h"
#include "runtime/loaded_module.h"
#include "wasm/module.h"

namespace cella::interp {

// The identity of defined function `defined_index` (index, type, parameter slots); its
// code is not compiled yet.
std::shared_ptr<CompiledFunction> NewCompiledFunction(const wasm::Module& module, std::span<const uint32_t> type_ids,
                                                      uint32_t defined_index);

// Compiles `function`'s fast code unless that is done; `loaded` is its module, whose
// settings (metering, canonical NaNs) the code follows. The body is validated as it is
// translated (the compiler is the validator's sink), so the error of an invalid body is
// the validator's; it is kept and returned to every later caller.
Status EnsureCompiled(const CompiledFunction& function, const runtime::LoadedModule& loaded);

}  // namespace cella::interp
