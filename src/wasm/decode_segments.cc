// wasm/decode_segments.cc: decoders for the element section (all 8 segment encodings),
// the data section (all 3 encodings) and the data count section. Called by Decode.
#include "wasm/decode_internal.h"

namespace cella::wasm::internal {
namespace {

// Element segment flags: bit 0 = passive or declarative, bit 1 = explicit table index
// (active) or declarative (otherwise), bit 2 = items are expressions, not function indices.
constexpr uint32_t kElemPassiveOrDeclarative = 1;
constexpr uint32_t kElemExplicitTableOrDeclarative = 2;
constexpr uint32_t kElemExpressions = 4;

// elemkind ::= 0x00 (funcref), used by the encodings that list function indices.
Status ReadElemKind(base::Reader& reader) {
  size_t pos = reader.pos();
  CELLA_ASSIGN_OR_RETURN(uint8_t kind, reader.ReadU8());
  if (kind != 0x00) {
    return reader.ErrorAt(pos, Errc::kBadElemKind, "malformed element kind " + HexByte(kind) + " (expected 0x00)");
  }
  return OkStatus();
}

// A function index item, stored as the constant expression `ref.func x`.
Result<ConstExpr> ReadFuncIndexItem(base::Reader& reader) {
  ConstExpr expr;
  expr.offset = static_cast<uint32_t>(reader.offset());
  size_t start = reader.pos();
  Instr instr;
  instr.op = Opcode::RefFunc;
  instr.offset = expr.offset;
  CELLA_ASSIGN_OR_RETURN(instr.index, reader.ReadVarU32());
  instr.length = static_cast<uint32_t>(reader.pos() - start);
  expr.instrs.push_back(instr);
  return expr;
}

Result<ElemSegment> ReadElemSegment(base::Reader& reader) {
  ElemSegment seg;
  seg.position = static_cast<uint32_t>(reader.offset());
  size_t pos = reader.pos();
  CELLA_ASSIGN_OR_RETURN(uint32_t flags, reader.ReadVarU32());
  if (flags > 7) {
    return reader.ErrorAt(pos, Errc::kBadElemKind,
                          "malformed elements segment kind " + std::to_string(flags) + " (expected 0 to 7)");
  }
  const bool expressions = flags & kElemExpressions;
  if (flags & kElemPassiveOrDeclarative) {
    seg.mode = (flags & kElemExplicitTableOrDeclarative) ? SegmentMode::kDeclarative : SegmentMode::kPassive;
  } else {
    seg.mode = SegmentMode::kActive;
    if (flags & kElemExplicitTableOrDeclarative) {
      CELLA_ASSIGN_OR_RETURN(seg.table_index, reader.ReadVarU32());
    }
    CELLA_ASSIGN_OR_RETURN(seg.offset, ReadConstExpr(reader));
  }
  // Encodings 0 and 4 imply funcref; the others name the kind or type.
  const bool implicit_type = (flags & (kElemPassiveOrDeclarative | kElemExplicitTableOrDeclarative)) == 0;
  seg.type = ValType::kFuncRef;
  if (!implicit_type) {
    if (expressions) {
      CELLA_ASSIGN_OR_RETURN(seg.type, ReadRefType(reader));
    } else {
      CELLA_TRY(ReadElemKind(reader));
    }
  }
  CELLA_TRY(ReadVectorInto(reader, seg.items, expressions ? ReadConstExpr : ReadFuncIndexItem));
  return seg;
}

Result<DataSegment> ReadDataSegment(base::Reader& reader) {
  DataSegment seg;
  seg.position = static_cast<uint32_t>(reader.offset());
  size_t pos = reader.pos();
  CELLA_ASSIGN_OR_RETURN(uint32_t flags, reader.ReadVarU32());
  switch (flags) {
    case 0:
      break;
    case 1:
      seg.mode = SegmentMode::kPassive;
      break;
    case 2: {
      CELLA_ASSIGN_OR_RETURN(seg.memory_index, reader.ReadVarU32());
      break;
    }
    default:
      return reader.ErrorAt(pos, Errc::kBadDataKind,
                            "malformed data segment kind " + std::to_string(flags) + " (expected 0, 1 or 2)");
  }
  if (seg.mode == SegmentMode::kActive) {
    CELLA_ASSIGN_OR_RETURN(seg.offset, ReadConstExpr(reader));
  }
  CELLA_ASSIGN_OR_RETURN(uint32_t size, reader.ReadVarU32());
  if (size > reader.remaining()) {
    return reader.ErrorHere(Errc::kUnexpectedEnd, "unexpected end: data segment of " + std::to_string(size) +
                                                      " bytes but only " + std::to_string(reader.remaining()) +
                                                      " bytes left in the section");
  }
  seg.init = ByteRange{static_cast<uint32_t>(reader.offset()), size};
  CELLA_TRY(reader.Skip(size));
  return seg;
}

}  // namespace

Status DecodeElemSection(base::Reader& reader, Module& module) {
  return ReadVectorInto(reader, module.elems, ReadElemSegment);
}

Status DecodeDataSection(base::Reader& reader, Module& module) {
  return ReadVectorInto(reader, module.datas, ReadDataSegment);
}

Status DecodeDataCountSection(base::Reader& reader, Module& module) {
  CELLA_ASSIGN_OR_RETURN(uint32_t count, reader.ReadVarU32());
  module.data_count = count;
  return OkStatus();
}

}  // namespace cella::wasm::internal
