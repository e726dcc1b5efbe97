// wasm/validate_declarations.cc: ValidateDeclarations (wasm/validator.h): imports,
// function, table, memory and global declarations, element and data segments, start,
// exports and constant expressions; computes the declared function references (C.refs).
#include <set>

#include "wasm/validate_internal.h"
#include "wasm/validator.h"

namespace cella::wasm {
namespace {

class DeclarationValidator {
 public:
  explicit DeclarationValidator(const Module& module) : m_(module) {}

  Result<ModuleContext> Run() {
    CollectDeclaredRefs();
    CELLA_TRY(CheckImports());
    CELLA_TRY(CheckFunctions());
    CELLA_TRY(CheckTables());
    CELLA_TRY(CheckMemories());
    CELLA_TRY(CheckTags());
    CELLA_TRY(CheckGlobals());
    CELLA_TRY(CheckElems());
    CELLA_TRY(CheckDatas());
    CELLA_TRY(CheckStart());
    CELLA_TRY(CheckExports());
    return std::move(context_);
  }

 private:
  // Module offset of the first section with `id`, for declarations that keep no offset.
  uint32_t SectionOffset(SectionId id) const {
    for (const SectionInfo& s : m_.sections) {
      if (s.id == id) return s.range.offset;
    }
    return 0;
  }

  Error Fail(uint32_t offset, Errc code, const std::string& detail) const {
    return internal::ValidationError(offset, code, detail);
  }

  // C.refs: functions referenced outside function bodies (constant expressions and
  // exports) may appear in ref.func.
  void CollectDeclaredRefs() {
    context_.declared_func_refs.assign(m_.num_funcs(), false);
    auto add = [&](uint32_t index) {
      if (index < context_.declared_func_refs.size()) context_.declared_func_refs[index] = true;
    };
    auto add_expr = [&](const ConstExpr& expr) {
      for (const Instr& instr : expr.instrs) {
        if (instr.op == Opcode::RefFunc) add(instr.index);
      }
    };
    for (const Global& g : m_.globals) add_expr(g.init);
    for (const ElemSegment& seg : m_.elems) {
      add_expr(seg.offset);
      for (const ConstExpr& item : seg.items) add_expr(item);
    }
    for (const DataSegment& seg : m_.datas) add_expr(seg.offset);
    for (const Export& exp : m_.exports) {
      if (exp.kind == ExternKind::kFunc) add(exp.index);
    }
  }

  Status CheckTypeIndex(uint32_t offset, uint32_t type_index, const std::string& what) const {
    if (type_index >= m_.types.size()) {
      return Fail(offset, Errc::kUnknownType,
                  what + " refers to type " + std::to_string(type_index) + ", the module has " +
                      std::to_string(m_.types.size()) + " types");
    }
    return OkStatus();
  }

  // Limits valid within `range`: min and max at most `range` (reported as `range_error`),
  // and min <= max.
  Status CheckLimits(uint32_t offset, const Limits& limits, uint64_t range, Errc range_error,
                     const std::string& what) const {
    if (limits.min > range || (limits.max && *limits.max > range)) {
      return Fail(offset, range_error, what + " limits exceed " + std::to_string(range));
    }
    if (limits.max && limits.min > *limits.max) {
      return Fail(offset, Errc::kLimitsMinOverMax,
                  what + " minimum " + std::to_string(limits.min) + " is greater than maximum " +
                      std::to_string(*limits.max));
    }
    return OkStatus();
  }
  Status CheckTableType(uint32_t offset, const TableType& type, const std::string& what) const {
    return CheckLimits(offset, type.limits, UINT32_MAX, Errc::kLimitsMinOverMax, what);
  }
  Status CheckMemoryType(uint32_t offset, const MemoryType& type, const std::string& what) const {
    return CheckLimits(offset, type.limits, kMaxPages, Errc::kMemoryTooLarge, what);
  }

  Status CheckImports() const {
    const uint32_t offset = SectionOffset(SectionId::kImport);
    for (size_t i = 0; i < m_.imports.size(); ++i) {
      const Import& imp = m_.imports[i];
      const std::string what = "import " + std::to_string(i) + " \"" + imp.module + "\".\"" + imp.name + "\"";
      switch (imp.kind) {
        case ExternKind::kFunc: CELLA_TRY(CheckTypeIndex(offset, imp.type_index, what)); break;
        case ExternKind::kTable: CELLA_TRY(CheckTableType(offset, imp.table, what)); break;
        case ExternKind::kMemory: CELLA_TRY(CheckMemoryType(offset, imp.memory, what)); break;
        case ExternKind::kGlobal: break;
        case ExternKind::kTag: CELLA_TRY(CheckTagType(offset, imp.type_index, what)); break;
      }
    }
    return OkStatus();
  }

  // A tag's type is a function type without results (its params are the payload).
  Status CheckTagType(uint32_t offset, uint32_t type_index, const std::string& what) const {
    CELLA_TRY(CheckTypeIndex(offset, type_index, what));
    if (!m_.types[type_index].results.empty()) {
      return Fail(offset, Errc::kNonEmptyTagResult, what + " has type " + std::to_string(type_index) + " with results");
    }
    return OkStatus();
  }

  Status CheckTags() const {
    const uint32_t offset = SectionOffset(SectionId::kTag);
    for (size_t i = 0; i < m_.tags.size(); ++i) {
      CELLA_TRY(CheckTagType(offset, m_.tags[i], "tag " + std::to_string(m_.num_imported_tags() + i)));
    }
    return OkStatus();
  }

  Status CheckFunctions() const {
    const uint32_t offset = SectionOffset(SectionId::kFunction);
    for (size_t i = 0; i < m_.functions.size(); ++i) {
      CELLA_TRY(CheckTypeIndex(offset, m_.functions[i], "function " + std::to_string(m_.num_imported_funcs() + i)));
    }
    return OkStatus();
  }

  Status CheckTables() const {
    const uint32_t offset = SectionOffset(SectionId::kTable);
    for (size_t i = 0; i < m_.tables.size(); ++i) {
      CELLA_TRY(CheckTableType(offset, m_.tables[i], "table " + std::to_string(m_.num_imported_tables() + i)));
    }
    return OkStatus();
  }

  Status CheckMemories() const {
    const uint32_t offset = SectionOffset(SectionId::kMemory);
    for (size_t i = 0; i < m_.memories.size(); ++i) {
      CELLA_TRY(CheckMemoryType(offset, m_.memories[i], "memory " + std::to_string(m_.num_imported_memories() + i)));
    }
    if (m_.num_memories() > 1) {
      return Fail(offset, Errc::kMultipleMemories,
                  std::to_string(m_.num_memories()) + " memories declared, at most one is allowed");
    }
    return OkStatus();
  }

  // A constant expression: only t.const, ref.null, ref.func and global.get of an
  // imported immutable global, producing exactly one value of type `expected`.
  Status CheckConstExpr(const ConstExpr& expr, ValType expected, const std::string& what) const {
    for (const Instr& instr : expr.instrs) {
      switch (instr.op) {
        case Opcode::I32Const:
        case Opcode::I64Const:
        case Opcode::F32Const:
        case Opcode::F64Const:
        case Opcode::V128Const:
        case Opcode::RefNull:
        case Opcode::RefFunc:
          break;
        case Opcode::GlobalGet:
          if (instr.index >= m_.num_imported_globals()) {
            return Fail(instr.offset, Errc::kUnknownGlobal,
                        "global " + std::to_string(instr.index) + " in " + what +
                            ": constant expressions may only read imported globals (" +
                            std::to_string(m_.num_imported_globals()) + " here)");
          }
          if (m_.imported_globals[instr.index].mutable_) {
            return Fail(instr.offset, Errc::kConstantExprRequired,
                        "global.get of mutable global " + std::to_string(instr.index) + " in " + what);
          }
          break;
        default:
          return Fail(instr.offset, Errc::kConstantExprRequired,
                      std::string(GetOpcodeInfo(instr.op).name) + " is not a constant instruction, in " + what);
      }
    }
    std::vector<ValType> stack;
    for (const Instr& instr : expr.instrs) {
      switch (instr.op) {
        case Opcode::I32Const: stack.push_back(ValType::kI32); break;
        case Opcode::I64Const: stack.push_back(ValType::kI64); break;
        case Opcode::F32Const: stack.push_back(ValType::kF32); break;
        case Opcode::F64Const: stack.push_back(ValType::kF64); break;
        case Opcode::V128Const: stack.push_back(ValType::kV128); break;
        case Opcode::RefNull: stack.push_back(instr.type); break;
        case Opcode::GlobalGet: stack.push_back(m_.imported_globals[instr.index].type); break;
        case Opcode::RefFunc:
          if (instr.index >= m_.num_funcs()) {
            return Fail(instr.offset, Errc::kUnknownFunction,
                        "ref.func " + std::to_string(instr.index) + " in " + what + ", the module has " +
                            std::to_string(m_.num_funcs()) + " functions");
          }
          stack.push_back(ValType::kFuncRef);
          break;
        default:
          break;
      }
    }
    if (stack.size() != 1 || stack[0] != expected) {
      return Fail(expr.offset, Errc::kTypeMismatch,
                  what + " must produce [" + std::string(ValTypeName(expected)) + "], produces " +
                      internal::TypeListText(stack));
    }
    return OkStatus();
  }

  Status CheckGlobals() const {
    for (size_t i = 0; i < m_.globals.size(); ++i) {
      const Global& g = m_.globals[i];
      CELLA_TRY(CheckConstExpr(g.init, g.type.type,
                               "the initializer of global " + std::to_string(m_.num_imported_globals() + i)));
    }
    return OkStatus();
  }

  Status CheckElems() const {
    for (size_t i = 0; i < m_.elems.size(); ++i) {
      const ElemSegment& seg = m_.elems[i];
      const std::string what = "element segment " + std::to_string(i);
      for (const ConstExpr& item : seg.items) CELLA_TRY(CheckConstExpr(item, seg.type, "an item of " + what));
      if (seg.mode != SegmentMode::kActive) continue;
      if (seg.table_index >= m_.num_tables()) {
        return Fail(seg.position, Errc::kUnknownTable,
                    what + " refers to table " + std::to_string(seg.table_index) + ", the module has " +
                        std::to_string(m_.num_tables()) + " tables");
      }
      ValType table_type = m_.TableTypeOf(seg.table_index).elem_type;
      if (table_type != seg.type) {
        return Fail(seg.position, Errc::kTypeMismatch,
                    what + " of type " + std::string(ValTypeName(seg.type)) + " initializes table " +
                        std::to_string(seg.table_index) + " of type " + std::string(ValTypeName(table_type)));
      }
      CELLA_TRY(CheckConstExpr(seg.offset, ValType::kI32, "the offset of " + what));
    }
    return OkStatus();
  }

  Status CheckDatas() const {
    for (size_t i = 0; i < m_.datas.size(); ++i) {
      const DataSegment& seg = m_.datas[i];
      if (seg.mode != SegmentMode::kActive) continue;
      const std::string what = "data segment " + std::to_string(i);
      if (seg.memory_index >= m_.num_memories()) {
        return Fail(seg.position, Errc::kUnknownMemory,
                    what + " refers to memory " + std::to_string(seg.memory_index) + ", the module has " +
                        std::to_string(m_.num_memories()) + " memories");
      }
      CELLA_TRY(CheckConstExpr(seg.offset, ValType::kI32, "the offset of " + what));
    }
    return OkStatus();
  }

  Status CheckStart() const {
    if (!m_.start) return OkStatus();
    const uint32_t offset = SectionOffset(SectionId::kStart);
    if (*m_.start >= m_.num_funcs()) {
      return Fail(offset, Errc::kUnknownFunction,
                  "start function " + std::to_string(*m_.start) + ", the module has " +
                      std::to_string(m_.num_funcs()) + " functions");
    }
    const FuncType& type = m_.FuncTypeOf(*m_.start);
    if (!type.params.empty() || !type.results.empty()) {
      return Fail(offset, Errc::kBadStartFunction,
                  "start function " + std::to_string(*m_.start) + " has type " + type.ToString());
    }
    return OkStatus();
  }

  Status CheckExports() const {
    const uint32_t offset = SectionOffset(SectionId::kExport);
    std::set<std::string_view> names;
    for (const Export& exp : m_.exports) {
      uint32_t count = 0;
      Errc unknown = Errc::kUnknownFunction;
      switch (exp.kind) {
        case ExternKind::kFunc: count = m_.num_funcs(); unknown = Errc::kUnknownFunction; break;
        case ExternKind::kTable: count = m_.num_tables(); unknown = Errc::kUnknownTable; break;
        case ExternKind::kMemory: count = m_.num_memories(); unknown = Errc::kUnknownMemory; break;
        case ExternKind::kGlobal: count = m_.num_globals(); unknown = Errc::kUnknownGlobal; break;
        case ExternKind::kTag: count = m_.num_tags(); unknown = Errc::kUnknownTag; break;
      }
      if (exp.index >= count) {
        return Fail(offset, unknown,
                    "export \"" + exp.name + "\" refers to " + ExternKindName(exp.kind) + " " +
                        std::to_string(exp.index) + ", the module has " + std::to_string(count));
      }
      if (!names.insert(exp.name).second) {
        return Fail(offset, Errc::kDuplicateExport, "export name \"" + exp.name + "\" is used twice");
      }
    }
    return OkStatus();
  }

  const Module& m_;
  ModuleContext context_;
};

}  // namespace

Result<ModuleContext> ValidateDeclarations(const Module& module) { return DeclarationValidator(module).Run(); }

}  // namespace cella::wasm
