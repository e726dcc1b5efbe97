// api/module.cc: Module::Compile — decode the module and validate every function body;
// each function is compiled here or on its first call (interp/function_compile.h), as
// EngineConfig::compilation says. Large modules' bodies are checked on several threads
// (EngineConfig::compile_threads).
#include <algorithm>
#include <atomic>
#include <optional>
#include <thread>
#include <vector>

#include "api/impl.h"
#include "interp/function_compile.h"
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

size_t CodeBytes(const wasm::Module& module) {
  size_t code_bytes = 0;
  for (const wasm::FunctionBody& body : module.code) code_bytes += body.code.size;
  return code_bytes;
}

// Below this much code a module is checked on the calling thread, and Compilation::kAuto
// compiles it at load.
constexpr size_t kLargeModuleCodeBytes = 128 * 1024;

bool CompilesAtLoad(Compilation compilation, const wasm::Module& module) {
  switch (compilation) {
    case Compilation::kAtLoad: return true;
    case Compilation::kOnFirstCall: return false;
    case Compilation::kAuto: break;
  }
  return CodeBytes(module) < kLargeModuleCodeBytes;
}

unsigned CompileThreads(const EngineConfig& config, const wasm::Module& module) {
  if (CodeBytes(module) < kLargeModuleCodeBytes || module.functions.size() < 2) return 1;
  unsigned threads = config.compile_threads;
  if (threads == 0) threads = std::clamp(std::thread::hardware_concurrency(), 1u, 8u);
  return std::min<unsigned>(threads, static_cast<unsigned>(module.functions.size()));
}

// Validates every defined function of `loaded` on `threads` threads, and with `at_load`
// compiles it too (otherwise a function is compiled on its first call). Functions are
// handed out in index order; the error returned is the one of the lowest-numbered
// invalid function (as a sequential pass would find), whatever the thread count.
Status CheckBodies(const runtime::LoadedModule& loaded, bool at_load, unsigned threads) {
  const wasm::Module& module = *loaded.module;
  const uint32_t count = static_cast<uint32_t>(loaded.functions.size());
  std::atomic<uint32_t> next{0};
  std::atomic<uint32_t> first_error{count};  // lowest index known to fail
  std::vector<std::optional<Error>> errors(count);
  auto work = [&] {
    for (;;) {
      uint32_t i = next.fetch_add(1, std::memory_order_relaxed);
      if (i >= count || i > first_error.load(std::memory_order_relaxed)) return;
      Status status = at_load ? interp::EnsureCompiled(*loaded.functions[i], loaded)
                            : wasm::ValidateFunction(module, loaded.context, i, nullptr);
      if (status.ok()) continue;
      errors[i] = std::move(status).error();
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
  return Compile(engine, std::vector<uint8_t>(wasm_bytes.begin(), wasm_bytes.end()));
}

Result<Module> Module::Compile(const Engine& engine, std::vector<uint8_t>&& wasm_bytes) {
  CELLA_ASSIGN_OR_RETURN(std::unique_ptr<wasm::Module> module, wasm::Decode(std::move(wasm_bytes)));
  auto loaded = std::make_shared<runtime::LoadedModule>();
  auto context = wasm::ValidateDeclarations(*module);
  if (!context.ok()) return PreferMalformed(*module, 0, std::move(context).error());
  loaded->context = std::move(context).value();

  detail::EngineImpl& engine_impl = *engine.impl();
  for (const FuncType& type : module->types) loaded->type_ids.push_back(engine_impl.types.Intern(type));

  loaded->metering = engine_impl.config.metering;
  loaded->canonicalize_nans = engine_impl.config.canonicalize_nans;
  const uint32_t count = static_cast<uint32_t>(module->functions.size());
  loaded->functions.reserve(count);
  for (uint32_t i = 0; i < count; ++i) {
    loaded->functions.push_back(interp::NewCompiledFunction(*module, loaded->type_ids, i));
  }
  const unsigned threads = CompileThreads(engine_impl.config, *module);
  const bool at_load = CompilesAtLoad(engine_impl.config.compilation, *module);
  loaded->module = std::move(module);
  CELLA_TRY(CheckBodies(*loaded, at_load, threads));
  const wasm::Module& decoded = *loaded->module;

  auto impl = std::make_shared<detail::ModuleImpl>();
  impl->engine = engine.impl();
  for (const wasm::Import& import : decoded.imports) {
    impl->imports.push_back(ImportInfo{import.module, import.name, ImportType(decoded, import)});
  }
  for (const wasm::Export& e : decoded.exports) {
    impl->exports.push_back(ExportInfo{e.name, ExportType(decoded, e)});
  }
  loaded->name = decoded.names.module_name;
  impl->loaded = std::move(loaded);
  return Module(std::move(impl));
}

const std::vector<ImportInfo>& Module::imports() const { return impl_->imports; }
const std::vector<ExportInfo>& Module::exports() const { return impl_->exports; }
std::string_view Module::name() const { return impl_->loaded->name; }
std::span<const uint8_t> Module::bytes() const { return impl_->loaded->module->bytes; }

}  // namespace cella
