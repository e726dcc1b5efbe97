// wasm/module.cc: wasm::Module index-space helpers and section names. Read-only helpers;
// thread-safe on an immutable Module.
#include "wasm/module.h"

namespace cella::wasm {

const char* SectionName(SectionId id) {
  switch (id) {
    case SectionId::kCustom: return "custom";
    case SectionId::kType: return "type";
    case SectionId::kImport: return "import";
    case SectionId::kFunction: return "function";
    case SectionId::kTable: return "table";
    case SectionId::kMemory: return "memory";
    case SectionId::kGlobal: return "global";
    case SectionId::kExport: return "export";
    case SectionId::kStart: return "start";
    case SectionId::kElem: return "element";
    case SectionId::kCode: return "code";
    case SectionId::kData: return "data";
    case SectionId::kDataCount: return "datacount";
    case SectionId::kTag: return "tag";
  }
  return "unknown";
}

uint32_t Module::FuncTypeIndex(uint32_t func_index) const {
  if (func_index < num_imported_funcs()) return imported_funcs[func_index];
  return functions[func_index - num_imported_funcs()];
}

TableType Module::TableTypeOf(uint32_t table_index) const {
  if (table_index < num_imported_tables()) return imported_tables[table_index];
  return tables[table_index - num_imported_tables()];
}

MemoryType Module::MemoryTypeOf(uint32_t memory_index) const {
  if (memory_index < num_imported_memories()) return imported_memories[memory_index];
  return memories[memory_index - num_imported_memories()];
}

GlobalType Module::GlobalTypeOf(uint32_t global_index) const {
  if (global_index < num_imported_globals()) return imported_globals[global_index];
  return globals[global_index - num_imported_globals()].type;
}

std::string_view Module::FunctionName(uint32_t func_index) const {
  auto it = names.function_names.find(func_index);
  return it == names.function_names.end() ? std::string_view() : std::string_view(it->second);
}

}  // namespace cella::wasm
