// tests/wasm/instruction_test.cc: ReadInstr on each immediate encoding, its offsets and
// lengths, and the malformed-instruction errors; the opcode table.
#include "wasm/instruction.h"

#include <gtest/gtest.h>

#include "test_module.h"

namespace cella::wasm {
namespace {

using testing::Bytes;

// Reads one instruction from `bytes` placed at module offset 0x100.
Result<Instr> Read(const Bytes& bytes, std::vector<uint32_t>* targets = nullptr, size_t* consumed = nullptr) {
  base::Reader reader(bytes, 0x100);
  auto instr = ReadInstr(reader, targets);
  if (consumed != nullptr) *consumed = reader.pos();
  return instr;
}

Errc ReadError(const Bytes& bytes) {
  auto instr = Read(bytes);
  return instr.ok() ? Errc::kOk : instr.error().code;
}

TEST(ReadInstr, ReadsOpcodeWithoutImmediates) {
  auto instr = Read({0x6A});
  ASSERT_TRUE(instr.ok());
  EXPECT_EQ(instr->op, Opcode::I32Add);
  EXPECT_EQ(instr->offset, 0x100u);
  EXPECT_EQ(instr->length, 1u);
}

TEST(ReadInstr, ReadsBlockTypes) {
  auto empty = Read({0x02, 0x40});
  ASSERT_TRUE(empty.ok());
  EXPECT_EQ(empty->block.kind, BlockType::Kind::kEmpty);
  auto value = Read({0x03, 0x7E});
  ASSERT_TRUE(value.ok());
  EXPECT_EQ(value->op, Opcode::Loop);
  EXPECT_EQ(value->block.kind, BlockType::Kind::kValue);
  EXPECT_EQ(value->block.value, ValType::kI64);
  auto ref = Read({0x04, 0x6F});
  ASSERT_TRUE(ref.ok());
  EXPECT_EQ(ref->block.value, ValType::kExternRef);
  // Type indices are s33: 64 needs two bytes since bit 6 is the sign.
  auto index = Read({0x02, 0xC0, 0x00});
  ASSERT_TRUE(index.ok());
  EXPECT_EQ(index->block.kind, BlockType::Kind::kTypeIndex);
  EXPECT_EQ(index->block.type_index, 64u);
  EXPECT_EQ(index->length, 3u);
}

TEST(ReadInstr, RejectsNegativeBlockTypes) {
  EXPECT_EQ(ReadError({0x02, 0x7A}), Errc::kBadValType);        // -6: not a value type
  EXPECT_EQ(ReadError({0x02, 0xFF, 0x7F}), Errc::kBadValType);  // -1 in two bytes
  EXPECT_EQ(ReadError({0x02, 0x80, 0x80, 0x80, 0x80, 0x10}), Errc::kIntegerTooLarge);
}

TEST(ReadInstr, ReadsBrTableTargets) {
  std::vector<uint32_t> targets = {99};
  auto instr = Read({0x0E, 0x03, 0x00, 0x01, 0x80, 0x01, 0x02}, &targets);
  ASSERT_TRUE(instr.ok());
  EXPECT_EQ(targets, (std::vector<uint32_t>{0, 1, 128}));
  EXPECT_EQ(instr->index, 2u);
  EXPECT_EQ(instr->length, 7u);
  // Targets may be dropped.
  EXPECT_TRUE(Read({0x0E, 0x01, 0x00, 0x00}).ok());
}

TEST(ReadInstr, ReadsIndexImmediates) {
  auto call = Read({0x10, 0x85, 0x01});
  ASSERT_TRUE(call.ok());
  EXPECT_EQ(call->index, 133u);
  auto indirect = Read({0x11, 0x02, 0x01});
  ASSERT_TRUE(indirect.ok());
  EXPECT_EQ(indirect->index, 2u);   // type
  EXPECT_EQ(indirect->index2, 1u);  // table
  auto table_init = Read({0xFC, 0x0C, 0x03, 0x01});
  ASSERT_TRUE(table_init.ok());
  EXPECT_EQ(table_init->op, Opcode::TableInit);
  EXPECT_EQ(table_init->index, 3u);   // element segment
  EXPECT_EQ(table_init->index2, 1u);  // table
  auto table_copy = Read({0xFC, 0x0E, 0x04, 0x05});
  ASSERT_TRUE(table_copy.ok());
  EXPECT_EQ(table_copy->index, 4u);   // destination
  EXPECT_EQ(table_copy->index2, 5u);  // source
  auto local = Read({0x22, 0x07});
  ASSERT_TRUE(local.ok());
  EXPECT_EQ(local->op, Opcode::LocalTee);
  EXPECT_EQ(local->index, 7u);
}

TEST(ReadInstr, ReadsConstants) {
  auto i32 = Read({0x41, 0x7F});
  ASSERT_TRUE(i32.ok());
  EXPECT_EQ(i32->bits, 0xFFFFFFFFu);  // -1, zero-extended
  auto i64 = Read({0x42, 0x7F});
  ASSERT_TRUE(i64.ok());
  EXPECT_EQ(i64->bits, ~uint64_t{0});
  auto f32 = Read({0x43, 0x00, 0x00, 0x80, 0x3F});
  ASSERT_TRUE(f32.ok());
  EXPECT_EQ(f32->bits, 0x3F800000u);
  EXPECT_EQ(f32->length, 5u);
  auto f64 = Read({0x44, 0, 0, 0, 0, 0, 0, 0xF0, 0x3F});
  ASSERT_TRUE(f64.ok());
  EXPECT_EQ(f64->bits, 0x3FF0000000000000u);
  EXPECT_EQ(ReadError({0x41, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00}), Errc::kIntegerTooLong);
  EXPECT_EQ(ReadError({0x43, 0x00, 0x00}), Errc::kUnexpectedEnd);
}

TEST(ReadInstr, ReadsMemArg) {
  auto load = Read({0x28, 0x02, 0x90, 0x4E});
  ASSERT_TRUE(load.ok());
  EXPECT_EQ(load->op, Opcode::I32Load);
  EXPECT_EQ(load->memarg.align_log2, 2u);
  EXPECT_EQ(load->memarg.offset, 10000u);
}

TEST(ReadInstr, RequiresZeroBytes) {
  EXPECT_TRUE(Read({0x3F, 0x00}).ok());
  EXPECT_EQ(ReadError({0x3F, 0x01}), Errc::kZeroByteExpected);
  EXPECT_EQ(ReadError({0x40, 0x80, 0x00}), Errc::kZeroByteExpected);  // a padded LEB is not 0x00
  EXPECT_EQ(ReadError({0xFC, 0x0B, 0x01}), Errc::kZeroByteExpected);  // memory.fill
  EXPECT_EQ(ReadError({0xFC, 0x0A, 0x00, 0x01}), Errc::kZeroByteExpected);  // memory.copy
  auto init = Read({0xFC, 0x08, 0x02, 0x00});
  ASSERT_TRUE(init.ok());
  EXPECT_EQ(init->op, Opcode::MemoryInit);
  EXPECT_EQ(init->index, 2u);
  EXPECT_EQ(ReadError({0xFC, 0x08, 0x02, 0x01}), Errc::kZeroByteExpected);
  auto message = Read({0x3F, 0x01});
  EXPECT_EQ(message.error().message, "at byte 0x101: zero byte expected in memory.size, got 0x01");
}

TEST(ReadInstr, ReadsTypedSelectAndRefNull) {
  auto select = Read({0x1C, 0x01, 0x6F});
  ASSERT_TRUE(select.ok());
  EXPECT_EQ(select->op, Opcode::SelectT);
  EXPECT_EQ(select->index, 1u);
  EXPECT_EQ(select->type, ValType::kExternRef);
  // Any count decodes; the validator rejects count != 1.
  size_t consumed = 0;
  auto two = Read({0x1C, 0x02, 0x7F, 0x7E, 0x01}, nullptr, &consumed);
  ASSERT_TRUE(two.ok());
  EXPECT_EQ(two->index, 2u);
  EXPECT_EQ(consumed, 4u);
  EXPECT_EQ(ReadError({0x1C, 0x01, 0x40}), Errc::kBadValType);
  auto null = Read({0xD0, 0x70});
  ASSERT_TRUE(null.ok());
  EXPECT_EQ(null->type, ValType::kFuncRef);
  EXPECT_EQ(ReadError({0xD0, 0x7F}), Errc::kBadRefType);
}

TEST(ReadInstr, ReadsPrefixedOpcodes) {
  auto sat = Read({0xFC, 0x07});
  ASSERT_TRUE(sat.ok());
  EXPECT_EQ(sat->op, Opcode::I64TruncSatF64U);
  // The sub-opcode is a u32 LEB, so padding is allowed.
  auto padded = Read({0xFC, 0x91, 0x80, 0x00, 0x00});
  ASSERT_TRUE(padded.ok());
  EXPECT_EQ(padded->op, Opcode::TableFill);
  EXPECT_EQ(padded->length, 5u);
}

TEST(ReadInstr, RejectsIllegalOpcodes) {
  EXPECT_EQ(ReadError({0x0A}), Errc::kBadOpcode);
  EXPECT_EQ(Read({0x0A}).error().message, "at byte 0x100: illegal opcode 0x0a");
  EXPECT_EQ(ReadError({0xFF}), Errc::kBadOpcode);
  EXPECT_EQ(ReadError({0xFC, 0x12}), Errc::kBadOpcode);
  EXPECT_EQ(ReadError({0xFC, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F}), Errc::kBadOpcode);
  EXPECT_EQ(ReadError({0xFD, 0x9A, 0x01}), Errc::kBadOpcode);  // a gap in the SIMD table
  EXPECT_EQ(ReadError({0xFD, 0x80, 0x02}), Errc::kBadOpcode);  // past the last SIMD opcode
  EXPECT_EQ(ReadError({0xFC, 0x80, 0x02}), Errc::kBadOpcode);  // 0xFC 0x100 is not 0xFD 0x00
  EXPECT_EQ(ReadError({0xFD, 0x0C, 1, 2, 3}), Errc::kUnexpectedEnd);  // v128.const needs 16 bytes
  EXPECT_EQ(ReadError({}), Errc::kUnexpectedEnd);
}

TEST(ReadInstr, ReadsSimdImmediates) {
  auto load = Read({0xFD, 0x00, 0x04, 0x10});  // v128.load align=16 offset=16
  ASSERT_TRUE(load.ok());
  EXPECT_EQ(load->op, Opcode::V128Load);
  EXPECT_EQ(load->memarg.align_log2, 4u);
  EXPECT_EQ(load->memarg.offset, 16u);
  Bytes konst{0xFD, 0x0C};
  for (uint8_t i = 0; i < 16; ++i) konst.push_back(i);
  auto c = Read(konst);
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->op, Opcode::V128Const);
  EXPECT_EQ(c->bits, 0x0706050403020100ull);
  EXPECT_EQ(c->bits_hi, 0x0F0E0D0C0B0A0908ull);
  EXPECT_EQ(c->length, 18u);
  auto lane = Read({0xFD, 0x57, 0x03, 0x08, 0x01});  // v128.load64_lane align=8 offset=8 lane 1
  ASSERT_TRUE(lane.ok());
  EXPECT_EQ(lane->op, Opcode::V128Load64Lane);
  EXPECT_EQ(lane->memarg.offset, 8u);
  EXPECT_EQ(lane->lane, 1u);
  auto extract = Read({0xFD, 0x15, 0x0F});
  ASSERT_TRUE(extract.ok());
  EXPECT_EQ(extract->op, Opcode::I8x16ExtractLaneS);
  EXPECT_EQ(extract->lane, 15u);
  auto last = Read({0xFD, 0xFF, 0x01});  // two-byte LEB sub-opcode
  ASSERT_TRUE(last.ok());
  EXPECT_EQ(last->op, Opcode::F64x2ConvertLowI32x4U);
  EXPECT_EQ(last->length, 3u);
}

TEST(Opcodes, DescribesSimdLanesAndAccessSizes) {
  EXPECT_EQ(LaneCount(Opcode::I8x16ReplaceLane), 16u);
  EXPECT_EQ(LaneCount(Opcode::V128Store16Lane), 8u);
  EXPECT_EQ(LaneCount(Opcode::F32x4ExtractLane), 4u);
  EXPECT_EQ(LaneCount(Opcode::V128Load64Lane), 2u);
  EXPECT_EQ(LaneCount(Opcode::I32x4Add), 0u);
  EXPECT_EQ(MemAccessLog2(Opcode::V128Load), 4u);
  EXPECT_EQ(MemAccessLog2(Opcode::V128Load8x8S), 3u);
  EXPECT_EQ(MemAccessLog2(Opcode::V128Load16Splat), 1u);
  EXPECT_EQ(MemAccessLog2(Opcode::V128Load32Zero), 2u);
  int simd = 0;
  for (uint16_t code = kPrefixFD; code < kOpcodeSpace; ++code) simd += !GetOpcodeInfo(code).name.empty();
  EXPECT_EQ(simd, 236);
}

TEST(ReadValType, AcceptsValueTypesOnly) {
  for (uint8_t byte : {0x7F, 0x7E, 0x7D, 0x7C, 0x7B, 0x70, 0x6F}) {
    Bytes bytes = {byte};
    base::Reader reader(bytes);
    EXPECT_TRUE(ReadValType(reader).ok()) << int(byte);
    EXPECT_TRUE(IsValidValTypeByte(byte));
  }
  Bytes bad = {0x60};
  base::Reader reader(bad);
  EXPECT_EQ(ReadValType(reader).error().code, Errc::kBadValType);
  base::Reader ref_reader(bad);
  EXPECT_EQ(ReadRefType(ref_reader).error().code, Errc::kBadRefType);
}

TEST(Opcodes, DescribesEachOpcode) {
  EXPECT_EQ(GetOpcodeInfo(Opcode::I32Add).name, "i32.add");
  EXPECT_EQ(GetOpcodeInfo(Opcode::I32Add).sig, Sig::kI_II);
  EXPECT_EQ(GetOpcodeInfo(Opcode::MemoryCopy).imm, Imm::kMemoryCopy);
  EXPECT_TRUE(GetOpcodeInfo(0x0A).name.empty());
  EXPECT_EQ(GetOpcodeInfo(Opcode::Try).imm, Imm::kBlockType);
  EXPECT_EQ(GetOpcodeInfo(Opcode::Throw).imm, Imm::kTag);
  EXPECT_EQ(GetOpcodeInfo(Opcode::ReturnCallIndirect).name, "return_call_indirect");
  EXPECT_TRUE(GetOpcodeInfo(0xFFFF).name.empty());
  EXPECT_EQ(MemAccessLog2(Opcode::I64Load8U), 0u);
  EXPECT_EQ(MemAccessLog2(Opcode::I32Store16), 1u);
  EXPECT_EQ(MemAccessLog2(Opcode::I64Load32S), 2u);
  EXPECT_EQ(MemAccessLog2(Opcode::F64Store), 3u);
}

}  // namespace
}  // namespace cella::wasm
