// runtime/instantiate.cc: import checks, allocation, globals, exports and segment
// initialization (spec "Modules → Instantiation", everything but the start function).
#include "runtime/instantiate.h"

#include <algorithm>
#include <cstring>
#include <string>

#include "runtime/ref.h"

namespace cella::runtime {
namespace {

std::string ImportName(const wasm::Import& import) {
  return "\"" + import.module + "\".\"" + import.name + "\"";
}

bool LimitsMatch(const wasm::Limits& actual, const wasm::Limits& wanted) {
  if (actual.min < wanted.min) return false;
  if (wanted.max) {
    if (!actual.max || *actual.max > *wanted.max) return false;
  }
  return true;
}

std::string LimitsText(const wasm::Limits& l) {
  std::string s = "min " + std::to_string(l.min);
  if (l.max) s += " max " + std::to_string(*l.max);
  return s;
}

Status CheckImport(const StoreData& store, const LoadedModule& loaded, const wasm::Import& import,
                   const ExternAddr& actual, const TypeRegistry& types) {
  auto incompatible = [&](const std::string& why) {
    return MakeError(Errc::kIncompatibleImport, "import " + ImportName(import) + ": " + why);
  };
  if (actual.kind != import.kind) {
    return incompatible(std::string("expected a ") + wasm::ExternKindName(import.kind) + ", got a " +
                        wasm::ExternKindName(actual.kind));
  }
  switch (import.kind) {
    case wasm::ExternKind::kFunc: {
      const FuncInst& f = *store.funcs[actual.address];
      uint32_t want = loaded.type_ids[import.type_index];
      if (f.type_id != want) {
        return incompatible("expected function type " + types.Get(want).ToString() + ", got " +
                            f.type->ToString());
      }
      return OkStatus();
    }
    case wasm::ExternKind::kTable: {
      const TableInst& t = *store.tables[actual.address];
      if (t.type.elem_type != import.table.elem_type) {
        return incompatible(std::string("expected a table of ") + std::string(ValTypeName(import.table.elem_type)) +
                            ", got " + std::string(ValTypeName(t.type.elem_type)));
      }
      if (!LimitsMatch(t.CurrentType().limits, import.table.limits)) {
        return incompatible("table limits " + LimitsText(t.CurrentType().limits) + " do not match " +
                            LimitsText(import.table.limits));
      }
      return OkStatus();
    }
    case wasm::ExternKind::kMemory: {
      const MemoryInst& m = *store.memories[actual.address];
      if (!LimitsMatch(m.CurrentType().limits, import.memory.limits)) {
        return incompatible("memory limits " + LimitsText(m.CurrentType().limits) + " do not match " +
                            LimitsText(import.memory.limits));
      }
      return OkStatus();
    }
    case wasm::ExternKind::kGlobal: {
      const GlobalInst& g = *store.globals[actual.address];
      if (g.type.type != import.global.type || g.type.mutable_ != import.global.mutable_) {
        auto text = [](const wasm::GlobalType& t) {
          return std::string(t.mutable_ ? "mut " : "") + std::string(ValTypeName(t.type));
        };
        return incompatible("expected global " + text(import.global) + ", got " + text(g.type));
      }
      return OkStatus();
    }
    case wasm::ExternKind::kTag: {
      const TagInst& t = *store.tags[actual.address];
      uint32_t want = loaded.type_ids[import.type_index];
      if (t.type_id != want) {
        return incompatible("expected tag type " + types.Get(want).ToString() + ", got " + t.type->ToString());
      }
      return OkStatus();
    }
  }
  return OkStatus();
}

}  // namespace

void EvalConstExpr(const InstanceData& instance, const StoreData& store, const wasm::ConstExpr& expr,
                   uint64_t out[2]) {
  // Validated: a constant instruction sequence leaving exactly one value.
  // Each entry is a value in slot encoding; a v128 is its low and high words.
  std::vector<std::pair<uint64_t, uint64_t>> stack;
  for (const wasm::Instr& instr : expr.instrs) {
    switch (instr.op) {
      case wasm::Opcode::V128Const:
        stack.emplace_back(instr.bits, instr.bits_hi);
        break;
      case wasm::Opcode::I32Const:
      case wasm::Opcode::F32Const:
        stack.emplace_back(instr.bits & 0xFFFFFFFFu, 0);
        break;
      case wasm::Opcode::I64Const:
      case wasm::Opcode::F64Const:
        stack.emplace_back(instr.bits, 0);
        break;
      case wasm::Opcode::RefNull:
        stack.emplace_back(kNullRef, 0);
        break;
      case wasm::Opcode::RefFunc:
        stack.emplace_back(FuncRefFromAddress(instance.func_addrs[instr.index]), 0);
        break;
      case wasm::Opcode::GlobalGet:
        stack.emplace_back(instance.globals[instr.index]->value[0], instance.globals[instr.index]->value[1]);
        break;
      default:
        break;
    }
  }
  (void)store;
  out[0] = stack.empty() ? 0 : stack.back().first;
  out[1] = stack.empty() ? 0 : stack.back().second;
}

Result<InstantiateResult> Instantiate(StoreData& store, std::shared_ptr<const LoadedModule> loaded,
                                      std::span<const ExternAddr> imports, const ResourceLimits& limits,
                                      const TypeRegistry& types) {
  const wasm::Module& module = *loaded->module;
  if (imports.size() != module.imports.size()) {
    return MakeError(Errc::kInvalidArgument, "expected " + std::to_string(module.imports.size()) +
                                                 " imports, got " + std::to_string(imports.size()));
  }
  for (size_t i = 0; i < imports.size(); ++i) {
    CELLA_TRY(CheckImport(store, *loaded, module.imports[i], imports[i], types));
  }

  // Allocate everything that can fail for resource reasons before touching the store.
  std::vector<std::unique_ptr<MemoryInst>> new_memories;
  for (const wasm::MemoryType& type : module.memories) {
    CELLA_ASSIGN_OR_RETURN(auto memory, MemoryInst::Create(type, limits.max_memory_pages));
    new_memories.push_back(std::move(memory));
  }
  std::vector<std::unique_ptr<TableInst>> new_tables;
  for (const wasm::TableType& type : module.tables) {
    uint64_t max = std::min<uint64_t>(type.limits.max.value_or(UINT32_MAX), limits.max_table_elements);
    if (type.limits.min > max) {
      return MakeError(Errc::kResourceLimit, "table needs " + std::to_string(type.limits.min) +
                                                 " elements but the limit is " + std::to_string(max));
    }
    auto table = std::make_unique<TableInst>();
    table->type = type;
    table->max_elements = max;
    table->elements.assign(type.limits.min, kNullRef);
    new_tables.push_back(std::move(table));
  }

  auto instance = std::make_unique<InstanceData>();
  InstanceData& inst = *instance;
  inst.loaded = loaded;
  inst.module = &module;
  inst.index = static_cast<uint32_t>(store.instances.size());

  for (const ExternAddr& addr : imports) {
    switch (addr.kind) {
      case wasm::ExternKind::kFunc:
        inst.func_addrs.push_back(addr.address);
        inst.funcs.push_back(store.funcs[addr.address].get());
        break;
      case wasm::ExternKind::kTable:
        inst.table_addrs.push_back(addr.address);
        inst.tables.push_back(store.tables[addr.address].get());
        break;
      case wasm::ExternKind::kMemory:
        inst.memory_addrs.push_back(addr.address);
        inst.memories.push_back(store.memories[addr.address].get());
        break;
      case wasm::ExternKind::kGlobal:
        inst.global_addrs.push_back(addr.address);
        inst.globals.push_back(store.globals[addr.address].get());
        break;
      case wasm::ExternKind::kTag:
        inst.tag_addrs.push_back(addr.address);
        inst.tags.push_back(store.tags[addr.address].get());
        break;
    }
  }
  for (size_t i = 0; i < module.functions.size(); ++i) {
    auto func = std::make_unique<FuncInst>();
    uint32_t type_index = module.functions[i];
    func->type_id = loaded->type_ids[type_index];
    func->type = &types.Get(func->type_id);
    func->instance = &inst;
    func->func_index = module.num_imported_funcs() + static_cast<uint32_t>(i);
    func->code = loaded->functions[i].get();
    FuncInst* raw = func.get();
    inst.func_addrs.push_back(StoreData::Add(store.funcs, std::move(func)));
    inst.funcs.push_back(raw);
  }
  inst.call_targets.resize(inst.funcs.size());
  for (auto& table : new_tables) {
    TableInst* raw = table.get();
    inst.table_addrs.push_back(StoreData::Add(store.tables, std::move(table)));
    inst.tables.push_back(raw);
  }
  for (auto& memory : new_memories) {
    MemoryInst* raw = memory.get();
    inst.memory_addrs.push_back(StoreData::Add(store.memories, std::move(memory)));
    inst.memories.push_back(raw);
  }
  for (size_t i = 0; i < module.tags.size(); ++i) {
    auto tag = std::make_unique<TagInst>();
    tag->type_id = loaded->type_ids[module.tags[i]];
    tag->type = &types.Get(tag->type_id);
    tag->instance = &inst;
    tag->tag_index = module.num_imported_tags() + static_cast<uint32_t>(i);
    TagInst* raw = tag.get();
    inst.tag_addrs.push_back(StoreData::Add(store.tags, std::move(tag)));
    inst.tags.push_back(raw);
  }
  for (const wasm::Global& global : module.globals) {
    auto g = std::make_unique<GlobalInst>();
    g->type = global.type;
    EvalConstExpr(inst, store, global.init, g->value);
    GlobalInst* raw = g.get();
    inst.global_addrs.push_back(StoreData::Add(store.globals, std::move(g)));
    inst.globals.push_back(raw);
  }
  for (const wasm::Export& e : module.exports) {
    uint32_t address = 0;
    switch (e.kind) {
      case wasm::ExternKind::kFunc: address = inst.func_addrs[e.index]; break;
      case wasm::ExternKind::kTable: address = inst.table_addrs[e.index]; break;
      case wasm::ExternKind::kMemory: address = inst.memory_addrs[e.index]; break;
      case wasm::ExternKind::kGlobal: address = inst.global_addrs[e.index]; break;
      case wasm::ExternKind::kTag: address = inst.tag_addrs[e.index]; break;
    }
    inst.exports.emplace(e.name, ExternAddr{e.kind, address});
  }
  inst.elems.resize(module.elems.size());
  for (size_t i = 0; i < module.elems.size(); ++i) {
    auto& refs = inst.elems[i];
    refs.reserve(module.elems[i].items.size());
    for (const wasm::ConstExpr& item : module.elems[i].items) {
      uint64_t v[2];
      EvalConstExpr(inst, store, item, v);
      refs.push_back(v[0]);
    }
  }
  inst.data_dropped.assign(module.datas.size(), false);

  InstantiateResult result;
  result.instance = StoreData::Add(store.instances, std::move(instance));

  // Element segments, then data segments, in order (table.init/memory.init + drop).
  for (size_t i = 0; i < module.elems.size(); ++i) {
    const wasm::ElemSegment& seg = module.elems[i];
    if (seg.mode == wasm::SegmentMode::kActive) {
      uint64_t v[2];
      EvalConstExpr(inst, store, seg.offset, v);
      uint64_t offset = static_cast<uint32_t>(v[0]);
      TableInst& table = *inst.tables[seg.table_index];
      auto& refs = inst.elems[i];
      if (offset > table.size() || refs.size() > table.size() - offset) {
        result.status = MakeError(Errc::kOutOfBoundsSegment,
                                  "out of bounds table access: element segment " + std::to_string(i) +
                                      " (" + std::to_string(refs.size()) + " elements at offset " +
                                      std::to_string(offset) + ") does not fit table " +
                                      std::to_string(seg.table_index) + " of size " +
                                      std::to_string(table.size()));
        return result;
      }
      std::copy(refs.begin(), refs.end(), table.elements.begin() + static_cast<ptrdiff_t>(offset));
      refs.clear();
      refs.shrink_to_fit();
    } else if (seg.mode == wasm::SegmentMode::kDeclarative) {
      inst.elems[i].clear();
      inst.elems[i].shrink_to_fit();
    }
  }
  for (size_t i = 0; i < module.datas.size(); ++i) {
    const wasm::DataSegment& seg = module.datas[i];
    if (seg.mode != wasm::SegmentMode::kActive) continue;
    uint64_t v[2];
    EvalConstExpr(inst, store, seg.offset, v);
    uint64_t offset = static_cast<uint32_t>(v[0]);
    MemoryInst& memory = *inst.memories[seg.memory_index];
    auto bytes = module.Slice(seg.init);
    if (!memory.InBounds(offset, bytes.size())) {
      result.status = MakeError(Errc::kOutOfBoundsSegment,
                                "out of bounds memory access: data segment " + std::to_string(i) + " (" +
                                    std::to_string(bytes.size()) + " bytes at offset " +
                                    std::to_string(offset) + ") does not fit memory of " +
                                    std::to_string(memory.size_bytes()) + " bytes");
      return result;
    }
    if (!bytes.empty()) std::memcpy(memory.base() + offset, bytes.data(), bytes.size());
    memory.MarkDirty(offset, bytes.size());
    inst.data_dropped[i] = true;
  }
  return result;
}

}  // namespace cella::runtime
