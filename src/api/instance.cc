// api/instance.cc: Instance export lookups and calls, and the Linker, which resolves
// imports by name, instantiates, and runs the start function.
#include "api/impl.h"
#include "runtime/instantiate.h"

namespace cella {

namespace {

runtime::ExternAddr AddrOf(const Extern& value) {
  // Extern's alternatives are in ExternKind order.
  return runtime::ExternAddr{static_cast<ExternKind>(value.index()), std::visit(
      [](const auto& handle) {
        return handle.address();
      },
      value)};
}

const char* KindName(ExternKind kind) { return ExternKindName(kind); }

}  // namespace

const Module& Instance::module() const { return store_->impl().modules[index_]; }

std::optional<Extern> Instance::GetExport(std::string_view name) const {
  detail::StoreImpl& impl = store_->impl();
  const runtime::InstanceData& inst = *impl.data.instances[index_];
  auto it = inst.exports.find(name);
  if (it == inst.exports.end()) return std::nullopt;
  return impl.MakeExtern(it->second);
}

namespace {
template <class T>
Result<T> TypedExport(const Instance& instance, std::string_view name, ExternKind kind) {
  auto e = instance.GetExport(name);
  if (!e) return MakeError(Errc::kNotFound, "no export named \"" + std::string(name) + "\"");
  if (!std::holds_alternative<T>(*e)) {
    return MakeError(Errc::kNotFound, "export \"" + std::string(name) + "\" is not a " + KindName(kind));
  }
  return std::get<T>(*e);
}
}  // namespace

Result<Function> Instance::GetFunction(std::string_view name) const {
  return TypedExport<Function>(*this, name, ExternKind::kFunc);
}
Result<Memory> Instance::GetMemory(std::string_view name) const {
  return TypedExport<Memory>(*this, name, ExternKind::kMemory);
}
Result<Global> Instance::GetGlobal(std::string_view name) const {
  return TypedExport<Global>(*this, name, ExternKind::kGlobal);
}
Result<Table> Instance::GetTable(std::string_view name) const {
  return TypedExport<Table>(*this, name, ExternKind::kTable);
}

namespace {
template <class T>
Result<T> AtIndex(detail::StoreImpl& impl, const std::vector<uint32_t>& addresses, uint32_t index, const char* what,
                  T (detail::StoreImpl::*make)(uint32_t)) {
  if (index >= addresses.size()) {
    return MakeError(Errc::kNotFound, std::string("no ") + what + " " + std::to_string(index) + " (the module has " +
                                          std::to_string(addresses.size()) + ")");
  }
  return (impl.*make)(addresses[index]);
}
}  // namespace

Result<Function> Instance::FunctionAt(uint32_t index) const {
  detail::StoreImpl& impl = store_->impl();
  return AtIndex(impl, impl.data.instances[index_]->func_addrs, index, "function", &detail::StoreImpl::MakeFunction);
}
Result<Memory> Instance::MemoryAt(uint32_t index) const {
  detail::StoreImpl& impl = store_->impl();
  return AtIndex(impl, impl.data.instances[index_]->memory_addrs, index, "memory", &detail::StoreImpl::MakeMemory);
}
Result<Global> Instance::GlobalAt(uint32_t index) const {
  detail::StoreImpl& impl = store_->impl();
  return AtIndex(impl, impl.data.instances[index_]->global_addrs, index, "global", &detail::StoreImpl::MakeGlobal);
}
Result<Table> Instance::TableAt(uint32_t index) const {
  detail::StoreImpl& impl = store_->impl();
  return AtIndex(impl, impl.data.instances[index_]->table_addrs, index, "table", &detail::StoreImpl::MakeTable);
}
uint32_t Instance::function_count() const {
  return static_cast<uint32_t>(store_->impl().data.instances[index_]->func_addrs.size());
}
uint32_t Instance::memory_count() const {
  return static_cast<uint32_t>(store_->impl().data.instances[index_]->memory_addrs.size());
}
uint32_t Instance::global_count() const {
  return static_cast<uint32_t>(store_->impl().data.instances[index_]->global_addrs.size());
}
uint32_t Instance::table_count() const {
  return static_cast<uint32_t>(store_->impl().data.instances[index_]->table_addrs.size());
}

std::vector<bool> Instance::data_segments_dropped() const {
  return store_->impl().data.instances[index_]->data_dropped;
}

std::vector<bool> Instance::elem_segments_dropped() const {
  const runtime::InstanceData& inst = *store_->impl().data.instances[index_];
  std::vector<bool> dropped;
  for (size_t i = 0; i < inst.elems.size(); ++i) {
    dropped.push_back(inst.elems[i].empty() && !inst.module->elems[i].items.empty());
  }
  return dropped;
}

Status Instance::DropSegments(const std::vector<bool>& data, const std::vector<bool>& elems) const {
  runtime::InstanceData& inst = *store_->impl().data.instances[index_];
  if (data.size() != inst.data_dropped.size() || elems.size() != inst.elems.size()) {
    return MakeError(Errc::kInvalidArgument, "the module has " + std::to_string(inst.data_dropped.size()) +
                                                 " data and " + std::to_string(inst.elems.size()) +
                                                 " element segments");
  }
  for (size_t i = 0; i < data.size(); ++i) {
    if (data[i]) inst.data_dropped[i] = true;
  }
  for (size_t i = 0; i < elems.size(); ++i) {
    if (elems[i]) inst.elems[i].clear();
  }
  return OkStatus();
}

Result<CallOutcome> Instance::Call(std::string_view export_name, std::span<const Value> args) const {
  CELLA_ASSIGN_OR_RETURN(Function f, GetFunction(export_name));
  return f.Call(args);
}

void Linker::Define(std::string module, std::string name, Extern value) {
  definitions_.insert_or_assign({std::move(module), std::move(name)}, value);
}

void Linker::DefineInstance(std::string module_name, const Instance& instance) {
  for (const ExportInfo& e : instance.module().exports()) {
    if (auto value = instance.GetExport(e.name)) Define(module_name, e.name, *value);
  }
}

void Linker::DefineHostFunction(Store& store, std::string module, std::string name, FuncType type,
                                HostCallback callback) {
  std::string debug_name = module + "." + name;
  Define(std::move(module), std::move(name),
         store.CreateHostFunction(std::move(type), std::move(callback), std::move(debug_name)));
}

std::optional<Extern> Linker::Lookup(std::string_view module, std::string_view name) const {
  auto it = definitions_.find({std::string(module), std::string(name)});
  if (it == definitions_.end()) return std::nullopt;
  return it->second;
}

Result<Instance> Linker::Instantiate(Store& store, const Module& module, const InstantiateOptions& options) const {
  detail::StoreImpl& impl = store.impl();
  CELLA_TRY(impl.Idle());
  std::vector<runtime::ExternAddr> imports;
  for (const ImportInfo& import : module.imports()) {
    auto value = Lookup(import.module, import.name);
    if (!value) {
      return MakeError(Errc::kUnknownImport, "unknown import \"" + import.module + "\".\"" + import.name +
                                                 "\" (" + ExternTypeToString(import.type) + ")");
    }
    imports.push_back(AddrOf(*value));
  }
  const detail::EngineImpl& engine = *store.engine().impl();
  CELLA_ASSIGN_OR_RETURN(
      runtime::InstantiateResult result,
      runtime::Instantiate(impl.data, module.impl()->loaded, imports, engine.config.limits, engine.types));
  impl.modules.push_back(module);
  if (!result.status.ok()) return std::move(result.status).error();
  Instance instance = impl.MakeInstance(result.instance);
  const wasm::Module& wasm_module = *module.impl()->loaded->module;
  if (wasm_module.start && options.run_start) {
    uint32_t address = impl.data.instances[result.instance]->func_addrs[*wasm_module.start];
    CallOutcome outcome = impl.Invoke(address, {});
    if (outcome.paused()) {
      store.AbandonPausedCall();
      return MakeError(Errc::kOutOfFuel, "the start function ran out of fuel");
    }
    if (outcome.trapped()) return MakeError(Errc::kInstantiateTrap, "start function: " + outcome.trap.ToString());
  }
  return instance;
}

}  // namespace cella
