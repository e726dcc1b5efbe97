// wasm/opcodes.cc: the opcode table (wasm/opcodes.h) indexed by Opcode value, built once
// at compile time from CELLA_WASM_OPCODES. Read-only; thread-safe.
#include "wasm/opcodes.h"

#include <array>

namespace cella::wasm {
namespace {

constexpr std::array<OpcodeInfo, kOpcodeSpace> BuildTable() {
  std::array<OpcodeInfo, kOpcodeSpace> table{};
#define CELLA_WASM_OPCODE_INFO(name, text, code, imm, sig) table[code] = OpcodeInfo{text, Imm::imm, Sig::sig};
  CELLA_WASM_OPCODES(CELLA_WASM_OPCODE_INFO)
#undef CELLA_WASM_OPCODE_INFO
  return table;
}

}  // namespace

namespace internal {
constexpr std::array<OpcodeInfo, kOpcodeSpace> kOpcodeTable = BuildTable();
}  // namespace internal

uint32_t MemAccessLog2(Opcode op) {
  switch (op) {
    case Opcode::I32Load8S:
    case Opcode::I32Load8U:
    case Opcode::I64Load8S:
    case Opcode::I64Load8U:
    case Opcode::I32Store8:
    case Opcode::I64Store8:
      return 0;
    case Opcode::I32Load16S:
    case Opcode::I32Load16U:
    case Opcode::I64Load16S:
    case Opcode::I64Load16U:
    case Opcode::I32Store16:
    case Opcode::I64Store16:
      return 1;
    case Opcode::I32Load:
    case Opcode::F32Load:
    case Opcode::I64Load32S:
    case Opcode::I64Load32U:
    case Opcode::I32Store:
    case Opcode::F32Store:
    case Opcode::I64Store32:
      return 2;
    case Opcode::V128Load8Splat:
    case Opcode::V128Load8Lane:
    case Opcode::V128Store8Lane:
      return 0;
    case Opcode::V128Load16Splat:
    case Opcode::V128Load16Lane:
    case Opcode::V128Store16Lane:
      return 1;
    case Opcode::V128Load32Splat:
    case Opcode::V128Load32Zero:
    case Opcode::V128Load32Lane:
    case Opcode::V128Store32Lane:
      return 2;
    case Opcode::V128Load:
    case Opcode::V128Store:
      return 4;
    default:
      return 3;  // i64/f64 accesses, v128.load64_* and the 8-byte extending v128 loads
  }
}

uint32_t LaneCount(Opcode op) {
  switch (op) {
    case Opcode::I8x16ExtractLaneS:
    case Opcode::I8x16ExtractLaneU:
    case Opcode::I8x16ReplaceLane:
    case Opcode::V128Load8Lane:
    case Opcode::V128Store8Lane:
      return 16;
    case Opcode::I16x8ExtractLaneS:
    case Opcode::I16x8ExtractLaneU:
    case Opcode::I16x8ReplaceLane:
    case Opcode::V128Load16Lane:
    case Opcode::V128Store16Lane:
      return 8;
    case Opcode::I32x4ExtractLane:
    case Opcode::I32x4ReplaceLane:
    case Opcode::F32x4ExtractLane:
    case Opcode::F32x4ReplaceLane:
    case Opcode::V128Load32Lane:
    case Opcode::V128Store32Lane:
      return 4;
    case Opcode::I64x2ExtractLane:
    case Opcode::I64x2ReplaceLane:
    case Opcode::F64x2ExtractLane:
    case Opcode::F64x2ReplaceLane:
    case Opcode::V128Load64Lane:
    case Opcode::V128Store64Lane:
      return 2;
    default:
      return 0;
  }
}

}  // namespace cella::wasm
