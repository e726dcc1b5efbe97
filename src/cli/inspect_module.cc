// cli/inspect_module.cc: DescribeModule and InspectModule (cli/inspect_module.h): one
// block per part of the module, each a heading with its count and a table with aligned
// columns.
#include "cli/inspect_module.h"

#include <algorithm>
#include <cstdio>
#include <vector>

#include "cli/exit_codes.h"
#include "wasm/decoder.h"
#include "wasm/validator.h"

namespace cella::cli {
namespace {

// Rows of cells printed with aligned columns; numeric columns can be right-aligned.
class TextTable {
 public:
  explicit TextTable(std::vector<bool> right_aligned = {}) : right_aligned_(std::move(right_aligned)) {}

  void Row(std::vector<std::string> cells) { rows_.push_back(std::move(cells)); }

  void AppendTo(std::string& out) const {
    std::vector<size_t> widths;
    for (const auto& row : rows_) {
      if (widths.size() < row.size()) widths.resize(row.size());
      for (size_t i = 0; i < row.size(); ++i) widths[i] = std::max(widths[i], row[i].size());
    }
    for (const auto& row : rows_) {
      std::string line = "  ";
      for (size_t i = 0; i < row.size(); ++i) {
        if (i > 0) line += "  ";
        std::string pad(widths[i] - row[i].size(), ' ');
        bool right = i < right_aligned_.size() && right_aligned_[i];
        line += right ? pad + row[i] : row[i] + pad;
      }
      line.erase(line.find_last_not_of(' ') + 1);
      out += line + "\n";
    }
  }

 private:
  std::vector<bool> right_aligned_;
  std::vector<std::vector<std::string>> rows_;
};

std::string Hex(uint64_t value) {
  char buf[24];
  std::snprintf(buf, sizeof buf, "0x%llx", static_cast<unsigned long long>(value));
  return buf;
}

std::string Plural(uint64_t count, const char* singular, const char* plural) {
  return std::to_string(count) + " " + (count == 1 ? singular : plural);
}

// "types (2):", or "types: none" when empty (then no table follows).
void Heading(std::string& out, const char* title, size_t count) {
  out += "\n";
  out += title;
  out += count == 0 ? ": none\n" : " (" + std::to_string(count) + "):\n";
}

std::string LimitsText(const Limits& limits) {
  std::string text = "min " + std::to_string(limits.min);
  return text + (limits.max ? ", max " + std::to_string(*limits.max) : ", no max");
}

std::string GlobalTypeText(const GlobalType& type) {
  return std::string(type.mutable_ ? "mut " : "const ") + std::string(ValTypeName(type.type));
}

// A constant expression as text: "i32.const 42", "global.get 0", "ref.func 3".
std::string ConstExprText(const wasm::ConstExpr& expr) {
  std::string text;
  for (const wasm::Instr& instr : expr.instrs) {
    if (!text.empty()) text += " ";
    text += wasm::GetOpcodeInfo(instr.op).name;
    switch (instr.op) {
      case wasm::Opcode::I32Const: text += " " + std::to_string(static_cast<int32_t>(instr.bits)); break;
      case wasm::Opcode::I64Const: text += " " + std::to_string(static_cast<int64_t>(instr.bits)); break;
      case wasm::Opcode::F32Const: text += " bits " + Hex(instr.bits); break;
      case wasm::Opcode::F64Const: text += " bits " + Hex(instr.bits); break;
      case wasm::Opcode::GlobalGet:
      case wasm::Opcode::RefFunc: text += " " + std::to_string(instr.index); break;
      case wasm::Opcode::RefNull: text += instr.type == ValType::kFuncRef ? " func" : " extern"; break;
      default: break;
    }
  }
  return text;
}

std::string FuncLabel(const wasm::Module& module, uint32_t index) {
  std::string text = "func " + std::to_string(index);
  std::string_view name = module.FunctionName(index);
  if (!name.empty()) text += " <" + std::string(name) + ">";
  return text;
}

std::string FuncTypeText(const wasm::Module& module, uint32_t type_index) {
  return type_index < module.types.size() ? module.types[type_index].ToString()
                                          : "<unknown type " + std::to_string(type_index) + ">";
}

void DescribeSections(const wasm::Module& m, std::string& out) {
  Heading(out, "sections", m.sections.size());
  TextTable table({true, false, true, true, false});
  for (const wasm::SectionInfo& s : m.sections) {
    table.Row({std::to_string(static_cast<int>(s.id)), wasm::SectionName(s.id), Hex(s.range.offset),
               Plural(s.range.size, "byte", "bytes"), s.id == wasm::SectionId::kCustom ? "\"" + s.name + "\"" : ""});
  }
  table.AppendTo(out);
}

void DescribeTypes(const wasm::Module& m, std::string& out) {
  Heading(out, "types", m.types.size());
  TextTable table({true});
  for (size_t i = 0; i < m.types.size(); ++i) table.Row({std::to_string(i), m.types[i].ToString()});
  table.AppendTo(out);
}

void DescribeImports(const wasm::Module& m, std::string& out) {
  Heading(out, "imports", m.imports.size());
  TextTable table;
  uint32_t next[5] = {0, 0, 0, 0, 0};  // next index per ExternKind
  for (const wasm::Import& imp : m.imports) {
    uint32_t index = next[static_cast<int>(imp.kind)]++;
    std::string kind = std::string(ExternKindName(imp.kind)) + " " + std::to_string(index);
    std::string type;
    switch (imp.kind) {
      case ExternKind::kFunc: type = FuncTypeText(m, imp.type_index); break;
      case ExternKind::kTable: type = std::string(ValTypeName(imp.table.elem_type)) + ", " + LimitsText(imp.table.limits); break;
      case ExternKind::kMemory: type = LimitsText(imp.memory.limits) + " pages"; break;
      case ExternKind::kGlobal: type = GlobalTypeText(imp.global); break;
      case ExternKind::kTag: type = "tag " + FuncTypeText(m, imp.type_index); break;
    }
    table.Row({imp.module + "." + imp.name, kind, type});
  }
  table.AppendTo(out);
}

void DescribeFunctions(const wasm::Module& m, std::string& out) {
  out += "\nfunctions: " + std::to_string(m.num_funcs()) + " (" + std::to_string(m.num_imported_funcs()) +
         " imported, " + std::to_string(m.functions.size()) + " defined)\n";
  if (m.names.function_names.empty()) return;
  out += "function names (" + std::to_string(m.names.function_names.size()) + "):\n";
  TextTable table({true});
  for (const auto& [index, name] : m.names.function_names) {
    std::string type = index < m.num_funcs() ? FuncTypeText(m, m.FuncTypeIndex(index)) : "<no such function>";
    table.Row({std::to_string(index), name, type});
  }
  table.AppendTo(out);
}

void DescribeTablesAndMemories(const wasm::Module& m, std::string& out) {
  Heading(out, "tables", m.num_tables());
  TextTable tables({true});
  for (uint32_t i = 0; i < m.num_tables(); ++i) {
    TableType type = m.TableTypeOf(i);
    tables.Row({std::to_string(i), std::string(ValTypeName(type.elem_type)), LimitsText(type.limits),
                i < m.num_imported_tables() ? "imported" : ""});
  }
  tables.AppendTo(out);
  Heading(out, "memories", m.num_memories());
  TextTable memories({true});
  for (uint32_t i = 0; i < m.num_memories(); ++i) {
    memories.Row({std::to_string(i), LimitsText(m.MemoryTypeOf(i).limits) + " pages",
                  i < m.num_imported_memories() ? "imported" : ""});
  }
  memories.AppendTo(out);
}

void DescribeGlobals(const wasm::Module& m, std::string& out) {
  Heading(out, "globals", m.num_globals());
  TextTable table({true});
  for (uint32_t i = 0; i < m.num_globals(); ++i) {
    bool imported = i < m.num_imported_globals();
    table.Row({std::to_string(i), GlobalTypeText(m.GlobalTypeOf(i)),
               imported ? "imported" : "init " + ConstExprText(m.globals[i - m.num_imported_globals()].init)});
  }
  table.AppendTo(out);
}

void DescribeExports(const wasm::Module& m, std::string& out) {
  Heading(out, "exports", m.exports.size());
  TextTable table;
  for (const wasm::Export& exp : m.exports) {
    std::string type;
    switch (exp.kind) {
      case ExternKind::kFunc:
        if (exp.index < m.num_funcs()) type = FuncTypeText(m, m.FuncTypeIndex(exp.index));
        break;
      case ExternKind::kTable:
        if (exp.index < m.num_tables()) type = std::string(ValTypeName(m.TableTypeOf(exp.index).elem_type));
        break;
      case ExternKind::kMemory:
        if (exp.index < m.num_memories()) type = LimitsText(m.MemoryTypeOf(exp.index).limits) + " pages";
        break;
      case ExternKind::kGlobal:
        if (exp.index < m.num_globals()) type = GlobalTypeText(m.GlobalTypeOf(exp.index));
        break;
      case ExternKind::kTag:
        if (exp.index < m.num_tags()) type = "tag " + FuncTypeText(m, m.TagTypeIndex(exp.index));
        break;
    }
    table.Row({"\"" + exp.name + "\"", std::string(ExternKindName(exp.kind)) + " " + std::to_string(exp.index), type});
  }
  table.AppendTo(out);
}

const char* ModeName(wasm::SegmentMode mode) {
  switch (mode) {
    case wasm::SegmentMode::kActive: return "active";
    case wasm::SegmentMode::kPassive: return "passive";
    case wasm::SegmentMode::kDeclarative: return "declarative";
  }
  return "?";
}

void DescribeSegments(const wasm::Module& m, std::string& out) {
  size_t items = 0;
  for (const wasm::ElemSegment& seg : m.elems) items += seg.items.size();
  out += "\nelement segments: " + std::to_string(m.elems.size()) + " (" + Plural(items, "item", "items") + ")\n";
  TextTable elems({true});
  for (size_t i = 0; i < m.elems.size(); ++i) {
    const wasm::ElemSegment& seg = m.elems[i];
    std::string where = seg.mode == wasm::SegmentMode::kActive
                            ? "table " + std::to_string(seg.table_index) + " at " + ConstExprText(seg.offset)
                            : "";
    elems.Row({std::to_string(i), ModeName(seg.mode), std::string(ValTypeName(seg.type)),
               Plural(seg.items.size(), "item", "items"), where});
  }
  elems.AppendTo(out);

  uint64_t bytes = 0;
  for (const wasm::DataSegment& seg : m.datas) bytes += seg.init.size;
  out += "\ndata segments: " + std::to_string(m.datas.size()) + " (" + Plural(bytes, "byte", "bytes") + ")\n";
  TextTable datas({true, false, true});
  for (size_t i = 0; i < m.datas.size(); ++i) {
    const wasm::DataSegment& seg = m.datas[i];
    std::string where = seg.mode == wasm::SegmentMode::kActive
                            ? "memory " + std::to_string(seg.memory_index) + " at " + ConstExprText(seg.offset)
                            : "";
    datas.Row({std::to_string(i), ModeName(seg.mode), Plural(seg.init.size, "byte", "bytes"), where});
  }
  datas.AppendTo(out);
}

void DescribeCustoms(const wasm::Module& m, std::string& out) {
  Heading(out, "custom sections", m.customs.size());
  TextTable table({false, true});
  for (const wasm::CustomSection& custom : m.customs) {
    table.Row({"\"" + custom.name + "\"", Plural(custom.content.size, "byte", "bytes")});
  }
  table.AppendTo(out);
}

}  // namespace

std::string DescribeModule(const wasm::Module& module, std::string_view file_name) {
  std::string out;
  out += "file:    " + std::string(file_name) + "\n";
  out += "format:  wasm module, version 1, " + Plural(module.bytes.size(), "byte", "bytes") + "\n";
  if (!module.names.module_name.empty()) out += "name:    " + module.names.module_name + "\n";
  DescribeSections(module, out);
  DescribeTypes(module, out);
  DescribeImports(module, out);
  DescribeFunctions(module, out);
  DescribeTablesAndMemories(module, out);
  DescribeGlobals(module, out);
  DescribeExports(module, out);
  out += "\nstart: " + (module.start ? FuncLabel(module, *module.start) : std::string("none")) + "\n";
  DescribeSegments(module, out);
  DescribeCustoms(module, out);
  return out;
}

int InspectModule(const std::string& path, std::span<const uint8_t> bytes, std::ostream& out, std::ostream& err) {
  auto fail = [&](const Error& error) {
    err << "cella: " << path << ": " << PhaseName(PhaseOf(error.code)) << ": " << error.ToString() << '\n';
    return kExitBadModule;
  };
  auto module = wasm::Decode(bytes);
  if (!module.ok()) return fail(module.error());
  Status valid = wasm::Validate(**module);
  if (!valid.ok()) return fail(valid.error());
  out << DescribeModule(**module, path);
  return kExitOk;
}

}  // namespace cella::cli
