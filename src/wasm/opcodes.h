// wasm/opcodes.h: every WebAssembly 2.0 instruction (the SIMD rows live in
// wasm/opcodes_simd.h), plus the tail-call and exception-handling proposals, with its
// encoding, immediate kind and, for simple instructions, its stack signature. One table
// drives the instruction reader, validator, compiler and printer.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>

#include "wasm/opcodes_simd.h"

namespace cella::wasm {

// How an instruction's immediates are encoded.
enum class Imm : uint8_t {
  kNone,
  kBlockType,     // block, loop, if
  kLabel,         // br, br_if
  kBrTable,       // br_table
  kFunc,          // call, ref.func
  kCallIndirect,  // call_indirect typeidx tableidx
  kLocal,
  kGlobal,
  kTable,         // table.get/set/size/grow/fill
  kMemArg,        // loads and stores
  kMemZero,       // memory.size/grow/fill: one reserved zero byte
  kI32,
  kI64,
  kF32,
  kF64,
  kSelectT,       // select t*
  kRefType,       // ref.null t
  kMemoryInit,    // dataidx + zero byte
  kData,          // data.drop
  kMemoryCopy,    // two zero bytes
  kTableInit,     // elemidx tableidx
  kElem,          // elem.drop
  kTableCopy,     // tableidx tableidx
  kTag,           // throw, catch: tagidx
  kV128,          // v128.const: 16 bytes
  kShuffle,       // i8x16.shuffle: 16 lane index bytes
  kLane,          // extract/replace_lane: one lane index byte
  kMemArgLane,    // v128.loadN_lane/storeN_lane: memarg, then a lane index byte
};

// Stack signatures of simple instructions: params then result. i=i32 l=i64 f=f32 d=f64.
// kSpecial: the validator handles the instruction by hand.
enum class Sig : uint8_t {
  kSpecial,
  kI_I, kI_II, kL_L, kL_LL, kI_L, kI_LL, kF_F, kF_FF, kI_FF, kD_D, kD_DD, kI_DD,
  kI_F, kI_D, kL_I, kL_F, kL_D, kF_I, kF_L, kF_D, kD_I, kD_L, kD_F,
  kV_II, kV_IL, kV_IF, kV_ID,  // stores: address then value
  // SIMD (X = v128). kX_0: no operand (v128.const); kV_IX: stores; kX_IX: lane loads.
  kX_0, kX_I, kX_L, kX_F, kX_D, kX_X, kX_XX, kX_XXX, kI_X, kL_X, kF_X, kD_X,
  kX_XI, kX_XL, kX_XF, kX_XD, kV_IX, kX_IX,
};

// X(Name, "text", code, Imm, Sig). Prefixed opcodes use code = 0x100 + sub for 0xFC and
// 0x200 + sub for 0xFD (SIMD). CELLA_WASM_OPCODES is every row: the scalar ones, then SIMD.
#define CELLA_WASM_OPCODES(X) CELLA_WASM_SCALAR_OPCODES(X) CELLA_WASM_SIMD_OPCODES(X)
#define CELLA_WASM_SCALAR_OPCODES(X)                                     \
  X(Unreachable, "unreachable", 0x00, kNone, kSpecial)                   \
  X(Nop, "nop", 0x01, kNone, kSpecial)                                   \
  X(Block, "block", 0x02, kBlockType, kSpecial)                          \
  X(Loop, "loop", 0x03, kBlockType, kSpecial)                            \
  X(If, "if", 0x04, kBlockType, kSpecial)                                \
  X(Else, "else", 0x05, kNone, kSpecial)                                 \
  X(Try, "try", 0x06, kBlockType, kSpecial)                              \
  X(Catch, "catch", 0x07, kTag, kSpecial)                                \
  X(Throw, "throw", 0x08, kTag, kSpecial)                                \
  X(Rethrow, "rethrow", 0x09, kLabel, kSpecial)                          \
  X(End, "end", 0x0B, kNone, kSpecial)                                   \
  X(Br, "br", 0x0C, kLabel, kSpecial)                                    \
  X(BrIf, "br_if", 0x0D, kLabel, kSpecial)                               \
  X(BrTable, "br_table", 0x0E, kBrTable, kSpecial)                       \
  X(Return, "return", 0x0F, kNone, kSpecial)                             \
  X(Call, "call", 0x10, kFunc, kSpecial)                                 \
  X(CallIndirect, "call_indirect", 0x11, kCallIndirect, kSpecial)        \
  X(ReturnCall, "return_call", 0x12, kFunc, kSpecial)                    \
  X(ReturnCallIndirect, "return_call_indirect", 0x13, kCallIndirect, kSpecial) \
  X(Delegate, "delegate", 0x18, kLabel, kSpecial)                        \
  X(CatchAll, "catch_all", 0x19, kNone, kSpecial)                        \
  X(Drop, "drop", 0x1A, kNone, kSpecial)                                 \
  X(Select, "select", 0x1B, kNone, kSpecial)                             \
  X(SelectT, "select", 0x1C, kSelectT, kSpecial)                         \
  X(LocalGet, "local.get", 0x20, kLocal, kSpecial)                       \
  X(LocalSet, "local.set", 0x21, kLocal, kSpecial)                       \
  X(LocalTee, "local.tee", 0x22, kLocal, kSpecial)                       \
  X(GlobalGet, "global.get", 0x23, kGlobal, kSpecial)                    \
  X(GlobalSet, "global.set", 0x24, kGlobal, kSpecial)                    \
  X(TableGet, "table.get", 0x25, kTable, kSpecial)                       \
  X(TableSet, "table.set", 0x26, kTable, kSpecial)                       \
  X(I32Load, "i32.load", 0x28, kMemArg, kI_I)                            \
  X(I64Load, "i64.load", 0x29, kMemArg, kL_I)                            \
  X(F32Load, "f32.load", 0x2A, kMemArg, kF_I)                            \
  X(F64Load, "f64.load", 0x2B, kMemArg, kD_I)                            \
  X(I32Load8S, "i32.load8_s", 0x2C, kMemArg, kI_I)                       \
  X(I32Load8U, "i32.load8_u", 0x2D, kMemArg, kI_I)                       \
  X(I32Load16S, "i32.load16_s", 0x2E, kMemArg, kI_I)                     \
  X(I32Load16U, "i32.load16_u", 0x2F, kMemArg, kI_I)                     \
  X(I64Load8S, "i64.load8_s", 0x30, kMemArg, kL_I)                       \
  X(I64Load8U, "i64.load8_u", 0x31, kMemArg, kL_I)                       \
  X(I64Load16S, "i64.load16_s", 0x32, kMemArg, kL_I)                     \
  X(I64Load16U, "i64.load16_u", 0x33, kMemArg, kL_I)                     \
  X(I64Load32S, "i64.load32_s", 0x34, kMemArg, kL_I)                     \
  X(I64Load32U, "i64.load32_u", 0x35, kMemArg, kL_I)                     \
  X(I32Store, "i32.store", 0x36, kMemArg, kV_II)                         \
  X(I64Store, "i64.store", 0x37, kMemArg, kV_IL)                         \
  X(F32Store, "f32.store", 0x38, kMemArg, kV_IF)                         \
  X(F64Store, "f64.store", 0x39, kMemArg, kV_ID)                         \
  X(I32Store8, "i32.store8", 0x3A, kMemArg, kV_II)                       \
  X(I32Store16, "i32.store16", 0x3B, kMemArg, kV_II)                     \
  X(I64Store8, "i64.store8", 0x3C, kMemArg, kV_IL)                       \
  X(I64Store16, "i64.store16", 0x3D, kMemArg, kV_IL)                     \
  X(I64Store32, "i64.store32", 0x3E, kMemArg, kV_IL)                     \
  X(MemorySize, "memory.size", 0x3F, kMemZero, kSpecial)                 \
  X(MemoryGrow, "memory.grow", 0x40, kMemZero, kSpecial)                 \
  X(I32Const, "i32.const", 0x41, kI32, kSpecial)                         \
  X(I64Const, "i64.const", 0x42, kI64, kSpecial)                         \
  X(F32Const, "f32.const", 0x43, kF32, kSpecial)                         \
  X(F64Const, "f64.const", 0x44, kF64, kSpecial)                         \
  X(I32Eqz, "i32.eqz", 0x45, kNone, kI_I)                                \
  X(I32Eq, "i32.eq", 0x46, kNone, kI_II)                                 \
  X(I32Ne, "i32.ne", 0x47, kNone, kI_II)                                 \
  X(I32LtS, "i32.lt_s", 0x48, kNone, kI_II)                              \
  X(I32LtU, "i32.lt_u", 0x49, kNone, kI_II)                              \
  X(I32GtS, "i32.gt_s", 0x4A, kNone, kI_II)                              \
  X(I32GtU, "i32.gt_u", 0x4B, kNone, kI_II)                              \
  X(I32LeS, "i32.le_s", 0x4C, kNone, kI_II)                              \
  X(I32LeU, "i32.le_u", 0x4D, kNone, kI_II)                              \
  X(I32GeS, "i32.ge_s", 0x4E, kNone, kI_II)                              \
  X(I32GeU, "i32.ge_u", 0x4F, kNone, kI_II)                              \
  X(I64Eqz, "i64.eqz", 0x50, kNone, kI_L)                                \
  X(I64Eq, "i64.eq", 0x51, kNone, kI_LL)                                 \
  X(I64Ne, "i64.ne", 0x52, kNone, kI_LL)                                 \
  X(I64LtS, "i64.lt_s", 0x53, kNone, kI_LL)                              \
  X(I64LtU, "i64.lt_u", 0x54, kNone, kI_LL)                              \
  X(I64GtS, "i64.gt_s", 0x55, kNone, kI_LL)                              \
  X(I64GtU, "i64.gt_u", 0x56, kNone, kI_LL)                              \
  X(I64LeS, "i64.le_s", 0x57, kNone, kI_LL)                              \
  X(I64LeU, "i64.le_u", 0x58, kNone, kI_LL)                              \
  X(I64GeS, "i64.ge_s", 0x59, kNone, kI_LL)                              \
  X(I64GeU, "i64.ge_u", 0x5A, kNone, kI_LL)                              \
  X(F32Eq, "f32.eq", 0x5B, kNone, kI_FF)                                 \
  X(F32Ne, "f32.ne", 0x5C, kNone, kI_FF)                                 \
  X(F32Lt, "f32.lt", 0x5D, kNone, kI_FF)                                 \
  X(F32Gt, "f32.gt", 0x5E, kNone, kI_FF)                                 \
  X(F32Le, "f32.le", 0x5F, kNone, kI_FF)                                 \
  X(F32Ge, "f32.ge", 0x60, kNone, kI_FF)                                 \
  X(F64Eq, "f64.eq", 0x61, kNone, kI_DD)                                 \
  X(F64Ne, "f64.ne", 0x62, kNone, kI_DD)                                 \
  X(F64Lt, "f64.lt", 0x63, kNone, kI_DD)                                 \
  X(F64Gt, "f64.gt", 0x64, kNone, kI_DD)                                 \
  X(F64Le, "f64.le", 0x65, kNone, kI_DD)                                 \
  X(F64Ge, "f64.ge", 0x66, kNone, kI_DD)                                 \
  X(I32Clz, "i32.clz", 0x67, kNone, kI_I)                                \
  X(I32Ctz, "i32.ctz", 0x68, kNone, kI_I)                                \
  X(I32Popcnt, "i32.popcnt", 0x69, kNone, kI_I)                          \
  X(I32Add, "i32.add", 0x6A, kNone, kI_II)                               \
  X(I32Sub, "i32.sub", 0x6B, kNone, kI_II)                               \
  X(I32Mul, "i32.mul", 0x6C, kNone, kI_II)                               \
  X(I32DivS, "i32.div_s", 0x6D, kNone, kI_II)                            \
  X(I32DivU, "i32.div_u", 0x6E, kNone, kI_II)                            \
  X(I32RemS, "i32.rem_s", 0x6F, kNone, kI_II)                            \
  X(I32RemU, "i32.rem_u", 0x70, kNone, kI_II)                            \
  X(I32And, "i32.and", 0x71, kNone, kI_II)                               \
  X(I32Or, "i32.or", 0x72, kNone, kI_II)                                 \
  X(I32Xor, "i32.xor", 0x73, kNone, kI_II)                               \
  X(I32Shl, "i32.shl", 0x74, kNone, kI_II)                               \
  X(I32ShrS, "i32.shr_s", 0x75, kNone, kI_II)                            \
  X(I32ShrU, "i32.shr_u", 0x76, kNone, kI_II)                            \
  X(I32Rotl, "i32.rotl", 0x77, kNone, kI_II)                             \
  X(I32Rotr, "i32.rotr", 0x78, kNone, kI_II)                             \
  X(I64Clz, "i64.clz", 0x79, kNone, kL_L)                                \
  X(I64Ctz, "i64.ctz", 0x7A, kNone, kL_L)                                \
  X(I64Popcnt, "i64.popcnt", 0x7B, kNone, kL_L)                          \
  X(I64Add, "i64.add", 0x7C, kNone, kL_LL)                               \
  X(I64Sub, "i64.sub", 0x7D, kNone, kL_LL)                               \
  X(I64Mul, "i64.mul", 0x7E, kNone, kL_LL)                               \
  X(I64DivS, "i64.div_s", 0x7F, kNone, kL_LL)                            \
  X(I64DivU, "i64.div_u", 0x80, kNone, kL_LL)                            \
  X(I64RemS, "i64.rem_s", 0x81, kNone, kL_LL)                            \
  X(I64RemU, "i64.rem_u", 0x82, kNone, kL_LL)                            \
  X(I64And, "i64.and", 0x83, kNone, kL_LL)                               \
  X(I64Or, "i64.or", 0x84, kNone, kL_LL)                                 \
  X(I64Xor, "i64.xor", 0x85, kNone, kL_LL)                               \
  X(I64Shl, "i64.shl", 0x86, kNone, kL_LL)                               \
  X(I64ShrS, "i64.shr_s", 0x87, kNone, kL_LL)                            \
  X(I64ShrU, "i64.shr_u", 0x88, kNone, kL_LL)                            \
  X(I64Rotl, "i64.rotl", 0x89, kNone, kL_LL)                             \
  X(I64Rotr, "i64.rotr", 0x8A, kNone, kL_LL)                             \
  X(F32Abs, "f32.abs", 0x8B, kNone, kF_F)                                \
  X(F32Neg, "f32.neg", 0x8C, kNone, kF_F)                                \
  X(F32Ceil, "f32.ceil", 0x8D, kNone, kF_F)                              \
  X(F32Floor, "f32.floor", 0x8E, kNone, kF_F)                            \
  X(F32Trunc, "f32.trunc", 0x8F, kNone, kF_F)                            \
  X(F32Nearest, "f32.nearest", 0x90, kNone, kF_F)                        \
  X(F32Sqrt, "f32.sqrt", 0x91, kNone, kF_F)                              \
  X(F32Add, "f32.add", 0x92, kNone, kF_FF)                               \
  X(F32Sub, "f32.sub", 0x93, kNone, kF_FF)                               \
  X(F32Mul, "f32.mul", 0x94, kNone, kF_FF)                               \
  X(F32Div, "f32.div", 0x95, kNone, kF_FF)                               \
  X(F32Min, "f32.min", 0x96, kNone, kF_FF)                               \
  X(F32Max, "f32.max", 0x97, kNone, kF_FF)                               \
  X(F32Copysign, "f32.copysign", 0x98, kNone, kF_FF)                     \
  X(F64Abs, "f64.abs", 0x99, kNone, kD_D)                                \
  X(F64Neg, "f64.neg", 0x9A, kNone, kD_D)                                \
  X(F64Ceil, "f64.ceil", 0x9B, kNone, kD_D)                              \
  X(F64Floor, "f64.floor", 0x9C, kNone, kD_D)                            \
  X(F64Trunc, "f64.trunc", 0x9D, kNone, kD_D)                            \
  X(F64Nearest, "f64.nearest", 0x9E, kNone, kD_D)                        \
  X(F64Sqrt, "f64.sqrt", 0x9F, kNone, kD_D)                              \
  X(F64Add, "f64.add", 0xA0, kNone, kD_DD)                               \
  X(F64Sub, "f64.sub", 0xA1, kNone, kD_DD)                               \
  X(F64Mul, "f64.mul", 0xA2, kNone, kD_DD)                               \
  X(F64Div, "f64.div", 0xA3, kNone, kD_DD)                               \
  X(F64Min, "f64.min", 0xA4, kNone, kD_DD)                               \
  X(F64Max, "f64.max", 0xA5, kNone, kD_DD)                               \
  X(F64Copysign, "f64.copysign", 0xA6, kNone, kD_DD)                     \
  X(I32WrapI64, "i32.wrap_i64", 0xA7, kNone, kI_L)                       \
  X(I32TruncF32S, "i32.trunc_f32_s", 0xA8, kNone, kI_F)                  \
  X(I32TruncF32U, "i32.trunc_f32_u", 0xA9, kNone, kI_F)                  \
  X(I32TruncF64S, "i32.trunc_f64_s", 0xAA, kNone, kI_D)                  \
  X(I32TruncF64U, "i32.trunc_f64_u", 0xAB, kNone, kI_D)                  \
  X(I64ExtendI32S, "i64.extend_i32_s", 0xAC, kNone, kL_I)                \
  X(I64ExtendI32U, "i64.extend_i32_u", 0xAD, kNone, kL_I)                \
  X(I64TruncF32S, "i64.trunc_f32_s", 0xAE, kNone, kL_F)                  \
  X(I64TruncF32U, "i64.trunc_f32_u", 0xAF, kNone, kL_F)                  \
  X(I64TruncF64S, "i64.trunc_f64_s", 0xB0, kNone, kL_D)                  \
  X(I64TruncF64U, "i64.trunc_f64_u", 0xB1, kNone, kL_D)                  \
  X(F32ConvertI32S, "f32.convert_i32_s", 0xB2, kNone, kF_I)              \
  X(F32ConvertI32U, "f32.convert_i32_u", 0xB3, kNone, kF_I)              \
  X(F32ConvertI64S, "f32.convert_i64_s", 0xB4, kNone, kF_L)              \
  X(F32ConvertI64U, "f32.convert_i64_u", 0xB5, kNone, kF_L)              \
  X(F32DemoteF64, "f32.demote_f64", 0xB6, kNone, kF_D)                   \
  X(F64ConvertI32S, "f64.convert_i32_s", 0xB7, kNone, kD_I)              \
  X(F64ConvertI32U, "f64.convert_i32_u", 0xB8, kNone, kD_I)              \
  X(F64ConvertI64S, "f64.convert_i64_s", 0xB9, kNone, kD_L)              \
  X(F64ConvertI64U, "f64.convert_i64_u", 0xBA, kNone, kD_L)              \
  X(F64PromoteF32, "f64.promote_f32", 0xBB, kNone, kD_F)                 \
  X(I32ReinterpretF32, "i32.reinterpret_f32", 0xBC, kNone, kI_F)         \
  X(I64ReinterpretF64, "i64.reinterpret_f64", 0xBD, kNone, kL_D)         \
  X(F32ReinterpretI32, "f32.reinterpret_i32", 0xBE, kNone, kF_I)         \
  X(F64ReinterpretI64, "f64.reinterpret_i64", 0xBF, kNone, kD_L)         \
  X(I32Extend8S, "i32.extend8_s", 0xC0, kNone, kI_I)                     \
  X(I32Extend16S, "i32.extend16_s", 0xC1, kNone, kI_I)                   \
  X(I64Extend8S, "i64.extend8_s", 0xC2, kNone, kL_L)                     \
  X(I64Extend16S, "i64.extend16_s", 0xC3, kNone, kL_L)                   \
  X(I64Extend32S, "i64.extend32_s", 0xC4, kNone, kL_L)                   \
  X(RefNull, "ref.null", 0xD0, kRefType, kSpecial)                       \
  X(RefIsNull, "ref.is_null", 0xD1, kNone, kSpecial)                     \
  X(RefFunc, "ref.func", 0xD2, kFunc, kSpecial)                          \
  X(I32TruncSatF32S, "i32.trunc_sat_f32_s", 0x100, kNone, kI_F)          \
  X(I32TruncSatF32U, "i32.trunc_sat_f32_u", 0x101, kNone, kI_F)          \
  X(I32TruncSatF64S, "i32.trunc_sat_f64_s", 0x102, kNone, kI_D)          \
  X(I32TruncSatF64U, "i32.trunc_sat_f64_u", 0x103, kNone, kI_D)          \
  X(I64TruncSatF32S, "i64.trunc_sat_f32_s", 0x104, kNone, kL_F)          \
  X(I64TruncSatF32U, "i64.trunc_sat_f32_u", 0x105, kNone, kL_F)          \
  X(I64TruncSatF64S, "i64.trunc_sat_f64_s", 0x106, kNone, kL_D)          \
  X(I64TruncSatF64U, "i64.trunc_sat_f64_u", 0x107, kNone, kL_D)          \
  X(MemoryInit, "memory.init", 0x108, kMemoryInit, kSpecial)             \
  X(DataDrop, "data.drop", 0x109, kData, kSpecial)                       \
  X(MemoryCopy, "memory.copy", 0x10A, kMemoryCopy, kSpecial)             \
  X(MemoryFill, "memory.fill", 0x10B, kMemZero, kSpecial)                \
  X(TableInit, "table.init", 0x10C, kTableInit, kSpecial)                \
  X(ElemDrop, "elem.drop", 0x10D, kElem, kSpecial)                       \
  X(TableCopy, "table.copy", 0x10E, kTableCopy, kSpecial)                \
  X(TableGrow, "table.grow", 0x10F, kTable, kSpecial)                    \
  X(TableSize, "table.size", 0x110, kTable, kSpecial)                    \
  X(TableFill, "table.fill", 0x111, kTable, kSpecial)

enum class Opcode : uint16_t {
#define CELLA_WASM_OPCODE_ENUM(name, text, code, imm, sig) name = code,
  CELLA_WASM_OPCODES(CELLA_WASM_OPCODE_ENUM)
#undef CELLA_WASM_OPCODE_ENUM
};

constexpr uint16_t kPrefixFC = 0x100;  // Opcode value of 0xFC 0x00
constexpr uint16_t kPrefixFD = 0x200;  // Opcode value of 0xFD 0x00 (SIMD)
constexpr uint16_t kOpcodeSpace = 0x300;

inline bool IsSimdOpcode(Opcode op) { return static_cast<uint16_t>(op) >= kPrefixFD; }

struct OpcodeInfo {
  std::string_view name;  // empty: not an opcode
  Imm imm = Imm::kNone;
  Sig sig = Sig::kSpecial;
};

namespace internal {
extern const std::array<OpcodeInfo, kOpcodeSpace> kOpcodeTable;  // opcodes.cc
inline constexpr OpcodeInfo kNoOpcode{};
}  // namespace internal

// Info for an Opcode value (prefixed opcodes included); name is empty for gaps.
inline const OpcodeInfo& GetOpcodeInfo(uint16_t code) {
  return code < kOpcodeSpace ? internal::kOpcodeTable[code] : internal::kNoOpcode;
}
inline const OpcodeInfo& GetOpcodeInfo(Opcode op) { return GetOpcodeInfo(static_cast<uint16_t>(op)); }

// Bytes accessed by a load or store (Imm::kMemArg or kMemArgLane), as log2; also its
// natural alignment.
uint32_t MemAccessLog2(Opcode op);
// Lane count of a SIMD instruction with a lane immediate (kLane, kMemArgLane); else 0.
uint32_t LaneCount(Opcode op);

}  // namespace cella::wasm
