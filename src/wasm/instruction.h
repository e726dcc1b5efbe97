// wasm/instruction.h: one decoded instruction (opcode + immediates) and the reader that
// produces it from function-body or constant-expression bytes. Used by the decoder
// (constant expressions), the validator and the printer. Not thread-safe.
#pragma once

#include <cstdint>
#include <vector>

#include "base/reader.h"
#include "wasm/opcodes.h"
#include "wasm/types.h"

namespace cella::wasm {

struct MemArg {
  uint32_t align_log2 = 0;
  uint32_t offset = 0;
};

struct BlockType {
  enum class Kind : uint8_t { kEmpty, kValue, kTypeIndex };
  Kind kind = Kind::kEmpty;
  ValType value = ValType::kI32;  // kValue
  uint32_t type_index = 0;        // kTypeIndex
};

struct Instr {
  Opcode op = Opcode::Nop;
  uint32_t offset = 0;   // module byte offset of the opcode
  uint32_t length = 0;   // encoded length in bytes, immediates included
  uint32_t index = 0;    // label, function, local, global, table, type, data or elem index;
                         // br_table: the default label; select t*: the type count
  uint32_t index2 = 0;   // call_indirect/table.init: table; table.copy: source table
  uint64_t bits = 0;     // i32/i64 constants (zero-extended) and f32/f64 bit patterns;
                         // v128.const and i8x16.shuffle: bytes 0-7 (little-endian)
  uint64_t bits_hi = 0;  // v128.const and i8x16.shuffle: bytes 8-15
  uint8_t lane = 0;      // lane index of extract/replace_lane and load/store lane
  MemArg memarg;
  BlockType block;
  ValType type = ValType::kI32;  // ref.null, select t
};

// Reads one instruction at the reader's position. br_table targets (without the default)
// are stored in `*br_targets`, replacing its contents. Errors are malformed-module errors
// naming the byte offset.
Result<Instr> ReadInstr(base::Reader& reader, std::vector<uint32_t>* br_targets);
// The same, into `instr` (the validator's loop reuses one Instr).
Status ReadInstrInto(base::Reader& reader, Instr& instr, std::vector<uint32_t>* br_targets);

// Reads a value type byte ("malformed value type" otherwise).
Result<ValType> ReadValType(base::Reader& reader);
// Reads a reference type byte ("malformed reference type" otherwise).
Result<ValType> ReadRefType(base::Reader& reader);

}  // namespace cella::wasm
