// api/module.cc: Module::Compile — decode, validate and compile every function in one
// pass per function (the compiler is the validator's FunctionSink).
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
  }
  return FuncType{};
}

ExternType ExportType(const wasm::Module& module, const wasm::Export& e) {
  switch (e.kind) {
    case ExternKind::kFunc: return module.FuncTypeOf(e.index);
    case ExternKind::kTable: return module.TableTypeOf(e.index);
    case ExternKind::kMemory: return module.MemoryTypeOf(e.index);
    case ExternKind::kGlobal: return module.GlobalTypeOf(e.index);
  }
  return FuncType{};
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
  uint32_t imported = module->num_imported_funcs();
  for (uint32_t i = 0; i < module->functions.size(); ++i) {
    interp::Compiler compiler(*module, loaded->type_ids, options);
    Status status = wasm::ValidateFunction(*module, loaded->context, i, &compiler);
    if (!status.ok()) return PreferMalformed(*module, i + 1, std::move(status).error());
    auto function = std::make_shared<interp::CompiledFunction>();
    const FuncType& type = module->types[module->functions[i]];
    function->func_index = imported + i;
    function->defined_index = i;
    function->type_id = loaded->type_ids[module->functions[i]];
    function->body_offset = module->code[i].code.offset;
    for (ValType t : type.params) function->param_slots += wasm::SlotCount(t);
    function->local_slots = compiler.local_slots();
    function->frame_slots = compiler.frame_slots();
    function->result_count = static_cast<uint32_t>(type.results.size());
    function->local_types = type.params;
    for (const wasm::LocalRun& run : module->code[i].locals) {
      function->local_types.insert(function->local_types.end(), run.count, run.type);
    }
    function->local_slot_of = compiler.local_slot_of();
    function->fast = compiler.TakeCode();
    loaded->functions.push_back(std::move(function));
  }

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
