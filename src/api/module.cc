// api/module.cc: Module::Compile — decode, validate and compile every function in one
// pass per function (the compiler is the validator's FunctionSink); large modules'
// functions are compiled on several threads (EngineConfig::compile_threads).
#include <algorithm>
#include <atomic>
#include <optional>
#include <thread>
#include <vector>

#include "api/impl.h"
#include "interp/compiler.h"
#include "wasm/decoder.h"
#include "wasm/validator.h"

namespace cella {
namespace {

// The spec decodes the whole binary before validating it, so a malformed function body
// wins over an earlier validation error.
Error PreferMalformed(const wasm::Module& module, uint32_t first_unchecked_body, Error error) {
  if (PhaseOf(error.code) != Phase::kValidate) return error;
  Status decode = wasm::CheckBodiesDecode(module, first_unchecked_body);
  if (!decode.ok()) return std::move(decode).error();
  return error;
}

ExternType ImportType(const wasm::Module& module, const wasm::Import& import) {
  switch (import.kind) {
    case ExternKind::kFunc: return module.types[import.type_index];
    case ExternKind::kTable: return import.table;
    case ExternKind::kMemory: return import.memory;
    case ExternKind::kGlobal: return import.global;
    case ExternKind::kTag: return TagType{module.types[import.type_index]};
  }
  return FuncType{};
}

ExternType ExportType(const wasm::Module& module, const wasm::Export& e) {
  switch (e.kind) {
    case ExternKind::kFunc: return module.FuncTypeOf(e.index);
    case ExternKind::kTable: return module.TableTypeOf(e.index);
    case ExternKind::kMemory: return module.MemoryTypeOf(e.index);
    case ExternKind::kGlobal: return module.GlobalTypeOf(e.index);
    case ExternKind::kTag: return TagType{module.types[module.TagTypeIndex(e.index)]};
  }
  return FuncType{};
}

// Validates and compiles defined function `i`.
Result<std::shared_ptr<interp::CompiledFunction>> CompileBody(const wasm::Module& module,
                                                               const runtime::LoadedModule& loaded,
                                                               const interp::CompileOptions& options, uint32_t i) {
  interp::Compiler compiler(module, loaded.type_ids, options);
  CELLA_TRY(wasm::ValidateFunction(module, loaded.context, i, &compiler));
  auto function = std::make_shared<interp::CompiledFunction>();
  const FuncType& type = module.types[module.functions[i]];
  function->func_index = module.num_imported_funcs() + i;
  function->defined_index = i;
  function->type_id = loaded.type_ids[module.functions[i]];
  function->body_offset = module.code[i].code.offset;
  for (ValType t : type.params) function->param_slots += wasm::SlotCount(t);
  function->local_slots = compiler.local_slots();
  function->frame_slots = compiler.frame_slots();
  function->result_count = static_cast<uint32_t>(type.results.size());
  function->local_types = type.params;
  for (const wasm::LocalRun& run : module.code[i].locals) {
    function->local_types.insert(function->local_types.end(), run.count, run.type);
  }
  function->local_slot_of = compiler.local_slot_of();
  function->fast = compiler.TakeCode();
  return function;
}

unsigned CompileThreads(const EngineConfig& config, const wasm::Module& module) {
  constexpr size_t kParallelCodeBytes = 128 * 1024;
  size_t code_bytes = 0;
  for (const wasm::FunctionBody& body : module.code) code_bytes += body.code.size;
  if (code_bytes < kParallelCodeBytes || module.functions.size() < 2) return 1;
  unsigned threads = config.compile_threads;
  if (threads == 0) threads = std::clamp(std::thread::hardware_concurrency(), 1u, 8u);
  return std::min<unsigned>(threads, static_cast<unsigned>(module.functions.size()));
}

// Compiles every defined function into `out` on `threads` threads. Functions are handed
// out in index order; the error returned is the one of the lowest-numbered invalid
// function (as a sequential pass would find), whatever the thread count.
Status CompileBodies(const wasm::Module& module, const runtime::LoadedModule& loaded,
                     const interp::CompileOptions& options, unsigned threads,
                     std::vector<std::shared_ptr<interp::CompiledFunction>>& out) {
  const uint32_t count = static_cast<uint32_t>(out.size());
  std::atomic<uint32_t> next{0};
  std::atomic<uint32_t> first_error{count};  // lowest index known to fail
  std::vector<std::optional<Error>> errors(count);
  auto work = [&] {
    for (;;) {
      uint32_t i = next.fetch_add(1, std::memory_order_relaxed);
      if (i >= count || i > first_error.load(std::memory_order_relaxed)) return;
      auto function = CompileBody(module, loaded, options, i);
      if (function.ok()) {
        out[i] = std::move(function).value();
        continue;
      }
      errors[i] = std::move(function).error();
      uint32_t seen = first_error.load(std::memory_order_relaxed);
      while (i < seen && !first_error.compare_exchange_weak(seen, i, std::memory_order_relaxed)) {
      }
    }
  };
  if (threads <= 1) {
    work();
  } else {
    std::vector<std::jthread> pool;
    for (unsigned t = 1; t < threads; ++t) pool.emplace_back(work);
    work();
  }  // the jthreads join here
  const uint32_t failed = first_error.load();
  if (failed < count) return PreferMalformed(module, failed + 1, std::move(*errors[failed]));
  return OkStatus();
}

}  // namespace

Result<Module> Module::Compile(const Engine& engine, std::span<const uint8_t> wasm_bytes) {
  CELLA_ASSIGN_OR_RETURN(std::unique_ptr<wasm::Module> module, wasm::Decode(wasm_bytes));
  auto loaded = std::make_shared<runtime::LoadedModule>();
  auto context = wasm::ValidateDeclarations(*module);
  if (!context.ok()) return PreferMalformed(*module, 0, std::move(context).error());
  loaded->context = std::move(context).value();

  detail::EngineImpl& engine_impl = *engine.impl();
  for (const FuncType& type : module->types) loaded->type_ids.push_back(engine_impl.types.Intern(type));

  interp::CompileOptions options;
  options.mode = interp::CodeMode::kFast;
  options.metering = engine_impl.config.metering;
  options.canonicalize_nans = engine_impl.config.canonicalize_nans;
  loaded->metering = options.metering;
  loaded->canonicalize_nans = options.canonicalize_nans;
  const uint32_t count = static_cast<uint32_t>(module->functions.size());
  std::vector<std::shared_ptr<interp::CompiledFunction>> functions(count);
  CELLA_TRY(CompileBodies(*module, *loaded, options, CompileThreads(engine_impl.config, *module), functions));
  loaded->functions = std::move(functions);

  auto impl = std::make_shared<detail::ModuleImpl>();
  impl->engine = engine.impl();
  for (const wasm::Import& import : module->imports) {
    impl->imports.push_back(ImportInfo{import.module, import.name, ImportType(*module, import)});
  }
  for (const wasm::Export& e : module->exports) {
    impl->exports.push_back(ExportInfo{e.name, ExportType(*module, e)});
  }
  loaded->name = module->names.module_name;
  loaded->module = std::move(module);
  impl->loaded = std::move(loaded);
  return Module(std::move(impl));
}

const std::vector<ImportInfo>& Module::imports() const { return impl_->imports; }
const std::vector<ExportInfo>& Module::exports() const { return impl_->exports; }
std::string_view Module::name() const { return impl_->loaded->name; }
std::span<const uint8_t> Module::bytes() const { return impl_->loaded->module->bytes; }

}  // namespace cella
