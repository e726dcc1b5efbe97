// wasm/instruction.cc: decodes one instruction and its immediates (ReadInstr), value and
// reference type bytes; OneType (wasm/types.h). Shared by the decoder (constant
// expressions), the body checker and the validator. Stateless; thread-safe.
#include "wasm/instruction.h"

#include <algorithm>
#include <cstdio>
#include <string>

#include "wasm/decode_internal.h"

namespace cella::wasm {

using internal::HexByte;

namespace {

// The reserved byte after memory.size/grow/fill/init/copy: exactly 0x00, not a LEB.
Status ReadZeroByte(base::Reader& reader, std::string_view op_name) {
  size_t pos = reader.pos();
  CELLA_ASSIGN_OR_RETURN(uint8_t byte, reader.ReadU8());
  if (byte != 0) {
    return reader.ErrorAt(pos, Errc::kZeroByteExpected,
                          "zero byte expected in " + std::string(op_name) + ", got " + HexByte(byte));
  }
  return OkStatus();
}

// blocktype ::= 0x40 | valtype | s33 (a non-negative type index).
Result<BlockType> ReadBlockType(base::Reader& reader) {
  BlockType block;
  uint8_t first = reader.PeekU8();
  if (!reader.at_end() && first == 0x40) {
    CELLA_TRY(reader.Skip(1));
    block.kind = BlockType::Kind::kEmpty;
    return block;
  }
  if (!reader.at_end() && IsValidValTypeByte(first)) {
    CELLA_TRY(reader.Skip(1));
    block.kind = BlockType::Kind::kValue;
    block.value = static_cast<ValType>(first);
    return block;
  }
  size_t pos = reader.pos();
  CELLA_ASSIGN_OR_RETURN(int64_t index, reader.ReadVarS33());
  if (index < 0) {
    return reader.ErrorAt(pos, Errc::kBadValType, "malformed block type " + HexByte(first));
  }
  block.kind = BlockType::Kind::kTypeIndex;
  block.type_index = static_cast<uint32_t>(index);
  return block;
}

Status ReadImmediates(base::Reader& reader, Imm imm, std::string_view name, Instr& instr,
                      std::vector<uint32_t>* br_targets) {
  switch (imm) {
    case Imm::kNone:
      return OkStatus();
    case Imm::kBlockType: {
      CELLA_ASSIGN_OR_RETURN(instr.block, ReadBlockType(reader));
      return OkStatus();
    }
    case Imm::kLabel:
    case Imm::kFunc:
    case Imm::kLocal:
    case Imm::kGlobal:
    case Imm::kTable:
    case Imm::kData:
    case Imm::kElem:
    case Imm::kTag: {
      CELLA_ASSIGN_OR_RETURN(instr.index, reader.ReadVarU32());
      return OkStatus();
    }
    case Imm::kBrTable: {
      CELLA_ASSIGN_OR_RETURN(uint32_t count, reader.ReadVarU32());
      if (br_targets != nullptr) {
        br_targets->clear();
        br_targets->reserve(std::min<size_t>(count, reader.remaining()));
      }
      for (uint32_t i = 0; i < count; ++i) {
        CELLA_ASSIGN_OR_RETURN(uint32_t target, reader.ReadVarU32());
        if (br_targets != nullptr) br_targets->push_back(target);
      }
      CELLA_ASSIGN_OR_RETURN(instr.index, reader.ReadVarU32());
      return OkStatus();
    }
    case Imm::kCallIndirect:
    case Imm::kTableInit:
    case Imm::kTableCopy: {
      CELLA_ASSIGN_OR_RETURN(instr.index, reader.ReadVarU32());
      CELLA_ASSIGN_OR_RETURN(instr.index2, reader.ReadVarU32());
      return OkStatus();
    }
    case Imm::kMemArg: {
      CELLA_ASSIGN_OR_RETURN(instr.memarg.align_log2, reader.ReadVarU32());
      CELLA_ASSIGN_OR_RETURN(instr.memarg.offset, reader.ReadVarU32());
      return OkStatus();
    }
    case Imm::kMemZero:
      return ReadZeroByte(reader, name);
    case Imm::kI32: {
      CELLA_ASSIGN_OR_RETURN(int32_t value, reader.ReadVarS32());
      instr.bits = static_cast<uint32_t>(value);
      return OkStatus();
    }
    case Imm::kI64: {
      CELLA_ASSIGN_OR_RETURN(int64_t value, reader.ReadVarS64());
      instr.bits = static_cast<uint64_t>(value);
      return OkStatus();
    }
    case Imm::kF32: {
      CELLA_ASSIGN_OR_RETURN(instr.bits, reader.ReadFixedU32());
      return OkStatus();
    }
    case Imm::kF64: {
      CELLA_ASSIGN_OR_RETURN(instr.bits, reader.ReadFixedU64());
      return OkStatus();
    }
    case Imm::kSelectT: {
      CELLA_ASSIGN_OR_RETURN(instr.index, reader.ReadVarU32());
      for (uint32_t i = 0; i < instr.index; ++i) {
        CELLA_ASSIGN_OR_RETURN(ValType type, ReadValType(reader));
        if (i == 0) instr.type = type;
      }
      return OkStatus();
    }
    case Imm::kRefType: {
      CELLA_ASSIGN_OR_RETURN(instr.type, ReadRefType(reader));
      return OkStatus();
    }
    case Imm::kMemoryInit: {
      CELLA_ASSIGN_OR_RETURN(instr.index, reader.ReadVarU32());
      return ReadZeroByte(reader, name);
    }
    case Imm::kMemoryCopy: {
      CELLA_TRY(ReadZeroByte(reader, name));
      return ReadZeroByte(reader, name);
    }
    case Imm::kV128:
    case Imm::kShuffle: {
      CELLA_ASSIGN_OR_RETURN(instr.bits, reader.ReadFixedU64());
      CELLA_ASSIGN_OR_RETURN(instr.bits_hi, reader.ReadFixedU64());
      return OkStatus();
    }
    case Imm::kMemArgLane: {
      CELLA_ASSIGN_OR_RETURN(instr.memarg.align_log2, reader.ReadVarU32());
      CELLA_ASSIGN_OR_RETURN(instr.memarg.offset, reader.ReadVarU32());
      CELLA_ASSIGN_OR_RETURN(instr.lane, reader.ReadU8());
      return OkStatus();
    }
    case Imm::kLane: {
      CELLA_ASSIGN_OR_RETURN(instr.lane, reader.ReadU8());
      return OkStatus();
    }
  }
  return OkStatus();
}

}  // namespace

bool IsValidValTypeByte(uint8_t byte) {
  switch (static_cast<ValType>(byte)) {
    case ValType::kI32:
    case ValType::kI64:
    case ValType::kF32:
    case ValType::kF64:
    case ValType::kV128:
    case ValType::kFuncRef:
    case ValType::kExternRef:
      return true;
  }
  return false;
}

std::span<const ValType> OneType(ValType type) {
  static constexpr ValType kTypes[] = {ValType::kI32,  ValType::kI64,     ValType::kF32,      ValType::kF64,
                                       ValType::kV128, ValType::kFuncRef, ValType::kExternRef};
  for (const ValType& t : kTypes) {
    if (t == type) return {&t, 1};
  }
  return {};
}

Result<ValType> ReadValType(base::Reader& reader) {
  size_t pos = reader.pos();
  CELLA_ASSIGN_OR_RETURN(uint8_t byte, reader.ReadU8());
  if (!IsValidValTypeByte(byte)) {
    return reader.ErrorAt(pos, Errc::kBadValType, "malformed value type " + HexByte(byte));
  }
  return static_cast<ValType>(byte);
}

Result<ValType> ReadRefType(base::Reader& reader) {
  size_t pos = reader.pos();
  CELLA_ASSIGN_OR_RETURN(uint8_t byte, reader.ReadU8());
  auto type = static_cast<ValType>(byte);
  if (!IsRefType(type)) {
    return reader.ErrorAt(pos, Errc::kBadRefType, "malformed reference type " + HexByte(byte));
  }
  return type;
}

Status ReadInstrInto(base::Reader& reader, Instr& instr, std::vector<uint32_t>* br_targets) {
  instr = Instr{};
  const size_t start = reader.pos();
  instr.offset = static_cast<uint32_t>(reader.offset());
  CELLA_ASSIGN_OR_RETURN(uint8_t byte, reader.ReadU8());
  uint16_t code = byte;
  if (byte == 0xFC) {
    CELLA_ASSIGN_OR_RETURN(uint32_t sub, reader.ReadVarU32());
    if (sub >= kPrefixFD - kPrefixFC || GetOpcodeInfo(static_cast<uint16_t>(kPrefixFC + sub)).name.empty()) {
      char buf[40];
      std::snprintf(buf, sizeof buf, "illegal opcode 0xfc 0x%x", sub);
      return reader.ErrorAt(start, Errc::kBadOpcode, buf);
    }
    code = static_cast<uint16_t>(kPrefixFC + sub);
  } else if (byte == 0xFD) {
    CELLA_ASSIGN_OR_RETURN(uint32_t sub, reader.ReadVarU32());
    if (sub >= kOpcodeSpace - kPrefixFD || GetOpcodeInfo(static_cast<uint16_t>(kPrefixFD + sub)).name.empty()) {
      char buf[40];
      std::snprintf(buf, sizeof buf, "illegal opcode 0xfd 0x%x", sub);
      return reader.ErrorAt(start, Errc::kBadOpcode, buf);
    }
    code = static_cast<uint16_t>(kPrefixFD + sub);
  }
  const OpcodeInfo& info = GetOpcodeInfo(code);
  if (info.name.empty()) return reader.ErrorAt(start, Errc::kBadOpcode, "illegal opcode " + HexByte(byte));
  instr.op = static_cast<Opcode>(code);
  switch (info.imm) {  // the commonest immediates here, the rest out of line
    case Imm::kNone:
      break;
    case Imm::kLocal:
    case Imm::kLabel:
    case Imm::kGlobal:
    case Imm::kFunc: {
      CELLA_ASSIGN_OR_RETURN(instr.index, reader.ReadVarU32());
      break;
    }
    case Imm::kMemArg: {
      CELLA_ASSIGN_OR_RETURN(instr.memarg.align_log2, reader.ReadVarU32());
      CELLA_ASSIGN_OR_RETURN(instr.memarg.offset, reader.ReadVarU32());
      break;
    }
    case Imm::kI32: {
      CELLA_ASSIGN_OR_RETURN(int32_t value, reader.ReadVarS32());
      instr.bits = static_cast<uint32_t>(value);
      break;
    }
    default:
      CELLA_TRY(ReadImmediates(reader, info.imm, info.name, instr, br_targets));
  }
  instr.length = static_cast<uint32_t>(reader.pos() - start);
  return OkStatus();
}

Result<Instr> ReadInstr(base::Reader& reader, std::vector<uint32_t>* br_targets) {
  Instr instr;
  CELLA_TRY(ReadInstrInto(reader, instr, br_targets));
  return instr;
}

}  // namespace cella::wasm
