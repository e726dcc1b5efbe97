// interp/function_compile.cc: NewCompiledFunction and EnsureCompiled (compile on first
// use, once per function whatever the number of threads).
#include "interp/function_compile.h"

#include <mutex>

#include "interp/compiler.h"
#include "wasm/validator.h"

namespace cella::interp {

std::shared_ptr<CompiledFunction> NewCompiledFunction(const wasm::Module& module, std::span<const uint32_t> type_ids,
                                                      uint32_t defined_index) {
  auto function = std::make_shared<CompiledFunction>();
  const uint32_t type_index = module.functions[defined_index];
  const wasm::FuncType& type = module.types[type_index];
  function->func_index = module.num_imported_funcs() + defined_index;
  function->defined_index = defined_index;
  function->type_id = type_ids[type_index];
  function->body_offset = module.code[defined_index].code.offset;
  for (wasm::ValType t : type.params) function->param_slots += wasm::SlotCount(t);
  function->result_count = static_cast<uint32_t>(type.results.size());
  return function;
}

namespace {

Status Compile(const CompiledFunction& function, const runtime::LoadedModule& loaded) {
  const wasm::Module& module = *loaded.module;
  CompileOptions options;
  options.mode = CodeMode::kFast;
  options.metering = loaded.metering;
  options.canonicalize_nans = loaded.canonicalize_nans;
  Compiler compiler(module, loaded.type_ids, options);
  CELLA_TRY(wasm::ValidateFunction(module, loaded.context, function.defined_index, &compiler));
  const wasm::FuncType& type = module.types[module.functions[function.defined_index]];
  function.local_types = type.params;
  for (const wasm::LocalRun& run : module.code[function.defined_index].locals) {
    function.local_types.insert(function.local_types.end(), run.count, run.type);
  }
  function.local_slots = compiler.local_slots();
  function.local_slot_of = compiler.local_slot_of();
  function.fast = compiler.TakeCode();
  function.frame_slots.store(compiler.frame_slots(), std::memory_order_release);
  return OkStatus();
}

}  // namespace

Status EnsureCompiled(const CompiledFunction& function, const runtime::LoadedModule& loaded) {
  if (function.compiled()) return OkStatus();
  std::lock_guard lock(function.compile_mutex);
  if (!function.compiled() && !function.compile_error) {
    Status status = Compile(function, loaded);
    if (!status.ok()) function.compile_error = std::move(status).error();
  }
  if (function.compiled()) return OkStatus();
  return *function.compile_error;
}

}  // namespace cella::interp
