// wasm/decode_sections.cc: decoders for the declaration sections (type, import, function,
// table, memory, tag, global, export, start) and the type encodings they share (limits, table
// and global types, constant expressions). Called by Decode (decoder.cc).
#include "wasm/decode_internal.h"

namespace cella::wasm::internal {
namespace {

Result<MemoryType> ReadMemoryType(base::Reader& reader) {
  CELLA_ASSIGN_OR_RETURN(Limits limits, ReadLimits(reader));
  return MemoryType{limits};
}

Result<std::vector<ValType>> ReadResultType(base::Reader& reader) {
  std::vector<ValType> types;
  CELLA_TRY(ReadVectorInto(reader, types, ReadValType));
  return types;
}

Result<FuncType> ReadFuncType(base::Reader& reader) {
  size_t pos = reader.pos();
  CELLA_ASSIGN_OR_RETURN(uint8_t form, reader.ReadU8());
  if (form != 0x60) {
    return reader.ErrorAt(pos, Errc::kBadFuncType, "malformed function type: expected 0x60, got " + HexByte(form));
  }
  FuncType type;
  CELLA_ASSIGN_OR_RETURN(type.params, ReadResultType(reader));
  CELLA_ASSIGN_OR_RETURN(type.results, ReadResultType(reader));
  return type;
}

Result<ExternKind> ReadExternKind(base::Reader& reader, Errc error, std::string_view what) {
  size_t pos = reader.pos();
  CELLA_ASSIGN_OR_RETURN(uint8_t byte, reader.ReadU8());
  if (byte > static_cast<uint8_t>(ExternKind::kTag)) {
    return reader.ErrorAt(pos, error, "malformed " + std::string(what) + " kind " + HexByte(byte));
  }
  return static_cast<ExternKind>(byte);
}

// tagtype ::= 0x00 (the exception attribute) typeidx.
Result<uint32_t> ReadTagType(base::Reader& reader) {
  size_t pos = reader.pos();
  CELLA_ASSIGN_OR_RETURN(uint8_t attribute, reader.ReadU8());
  if (attribute != 0) {
    return reader.ErrorAt(pos, Errc::kBadTagAttribute, "malformed tag attribute " + HexByte(attribute) + " (expected 0x00)");
  }
  return reader.ReadVarU32();
}

// An import; also appends its type to the module's per-kind import list.
Result<Import> ReadImport(base::Reader& reader, Module& module) {
  Import import;
  CELLA_ASSIGN_OR_RETURN(std::string_view module_name, reader.ReadName());
  CELLA_ASSIGN_OR_RETURN(std::string_view name, reader.ReadName());
  import.module = module_name;
  import.name = name;
  CELLA_ASSIGN_OR_RETURN(import.kind, ReadExternKind(reader, Errc::kBadImportKind, "import"));
  switch (import.kind) {
    case ExternKind::kFunc: {
      CELLA_ASSIGN_OR_RETURN(import.type_index, reader.ReadVarU32());
      module.imported_funcs.push_back(import.type_index);
      break;
    }
    case ExternKind::kTable: {
      CELLA_ASSIGN_OR_RETURN(import.table, ReadTableType(reader));
      module.imported_tables.push_back(import.table);
      break;
    }
    case ExternKind::kMemory: {
      CELLA_ASSIGN_OR_RETURN(import.memory, ReadMemoryType(reader));
      module.imported_memories.push_back(import.memory);
      break;
    }
    case ExternKind::kGlobal: {
      CELLA_ASSIGN_OR_RETURN(import.global, ReadGlobalType(reader));
      module.imported_globals.push_back(import.global);
      break;
    }
    case ExternKind::kTag: {
      CELLA_ASSIGN_OR_RETURN(import.type_index, ReadTagType(reader));
      module.imported_tags.push_back(import.type_index);
      break;
    }
  }
  return import;
}

Result<uint32_t> ReadIndex(base::Reader& reader) { return reader.ReadVarU32(); }


Result<Global> ReadGlobal(base::Reader& reader) {
  Global global;
  CELLA_ASSIGN_OR_RETURN(global.type, ReadGlobalType(reader));
  CELLA_ASSIGN_OR_RETURN(global.init, ReadConstExpr(reader));
  return global;
}

Result<Export> ReadExport(base::Reader& reader) {
  Export exp;
  CELLA_ASSIGN_OR_RETURN(std::string_view name, reader.ReadName());
  exp.name = name;
  CELLA_ASSIGN_OR_RETURN(exp.kind, ReadExternKind(reader, Errc::kBadExportKind, "export"));
  CELLA_ASSIGN_OR_RETURN(exp.index, reader.ReadVarU32());
  return exp;
}

}  // namespace

Result<Limits> ReadLimits(base::Reader& reader) {
  size_t pos = reader.pos();
  CELLA_ASSIGN_OR_RETURN(uint8_t flags, reader.ReadU8());
  if (flags > 1) {
    return reader.ErrorAt(pos, Errc::kBadLimits, "malformed limits flags " + HexByte(flags) + " (expected 0x00 or 0x01)");
  }
  Limits limits;
  CELLA_ASSIGN_OR_RETURN(limits.min, reader.ReadVarU32());
  if (flags == 1) {
    CELLA_ASSIGN_OR_RETURN(uint32_t max, reader.ReadVarU32());
    limits.max = max;
  }
  return limits;
}

Result<TableType> ReadTableType(base::Reader& reader) {
  TableType type;
  CELLA_ASSIGN_OR_RETURN(type.elem_type, ReadRefType(reader));
  CELLA_ASSIGN_OR_RETURN(type.limits, ReadLimits(reader));
  return type;
}

Result<GlobalType> ReadGlobalType(base::Reader& reader) {
  GlobalType type;
  CELLA_ASSIGN_OR_RETURN(type.type, ReadValType(reader));
  size_t pos = reader.pos();
  CELLA_ASSIGN_OR_RETURN(uint8_t mut, reader.ReadU8());
  if (mut > 1) {
    return reader.ErrorAt(pos, Errc::kBadMutability, "malformed mutability " + HexByte(mut) + " (expected 0x00 or 0x01)");
  }
  type.mutable_ = mut == 1;
  return type;
}

Result<ConstExpr> ReadConstExpr(base::Reader& reader) {
  ConstExpr expr;
  expr.offset = static_cast<uint32_t>(reader.offset());
  std::vector<uint32_t> br_targets;
  uint32_t depth = 0;
  for (;;) {
    if (reader.at_end()) {
      return reader.ErrorHere(Errc::kEndExpected, "END opcode expected: constant expression at " +
                                                      base::HexOffset(expr.offset) + " is not terminated");
    }
    CELLA_ASSIGN_OR_RETURN(Instr instr, ReadInstr(reader, &br_targets));
    if (instr.op == Opcode::End) {
      if (depth == 0) return expr;
      --depth;
    } else if (instr.op == Opcode::Block || instr.op == Opcode::Loop || instr.op == Opcode::If) {
      ++depth;
    }
    expr.instrs.push_back(instr);
  }
}

Status DecodeTypeSection(base::Reader& reader, Module& module) {
  return ReadVectorInto(reader, module.types, ReadFuncType);
}

Status DecodeImportSection(base::Reader& reader, Module& module) {
  return ReadVectorInto(reader, module.imports, [&](base::Reader& r) { return ReadImport(r, module); });
}

Status DecodeFunctionSection(base::Reader& reader, Module& module) {
  return ReadVectorInto(reader, module.functions, ReadIndex);
}

Status DecodeTableSection(base::Reader& reader, Module& module) {
  return ReadVectorInto(reader, module.tables, ReadTableType);
}

Status DecodeMemorySection(base::Reader& reader, Module& module) {
  return ReadVectorInto(reader, module.memories, ReadMemoryType);
}

Status DecodeTagSection(base::Reader& reader, Module& module) {
  return ReadVectorInto(reader, module.tags, ReadTagType);
}

Status DecodeGlobalSection(base::Reader& reader, Module& module) {
  return ReadVectorInto(reader, module.globals, ReadGlobal);
}

Status DecodeExportSection(base::Reader& reader, Module& module) {
  return ReadVectorInto(reader, module.exports, ReadExport);
}

Status DecodeStartSection(base::Reader& reader, Module& module) {
  CELLA_ASSIGN_OR_RETURN(uint32_t index, reader.ReadVarU32());
  module.start = index;
  return OkStatus();
}

}  // namespace cella::wasm::internal
