// tests/wasm/validate_function_test.cc: ValidateFunction's typing rules, one small body
// per rule: operators, blocks and branches, unreachable code, variables, memory, tables,
// references, and the message format.
#include <gtest/gtest.h>

#include "test_module.h"
#include "wasm/validator.h"

namespace cella::wasm {
namespace {

using testing::BodyBytes;
using testing::Bytes;
using testing::Cat;
using testing::FuncTypeBytes;
using testing::Leb;
using testing::Name;
using testing::TestModule;
using testing::Vec;

constexpr ValType kI32 = ValType::kI32;
constexpr ValType kI64 = ValType::kI64;
constexpr ValType kF64 = ValType::kF64;
constexpr ValType kFuncRef = ValType::kFuncRef;
constexpr ValType kExternRef = ValType::kExternRef;

// A module around one body: type 0 is the function's, type 1 is [i32 i32] -> [i64];
// memory 1 page, funcref table 0, externref table 1, passive funcref element segment 0,
// passive data segment 0, globals 0 (immutable i32) and 1 (mutable i64).
struct Case {
  std::initializer_list<ValType> params;
  std::initializer_list<ValType> results;
  Bytes code;
  bool with_memory = true;
};

Result<void> ValidateBody(const Case& c, Errc* code = nullptr) {
  TestModule m;
  m.types = {FuncTypeBytes(c.params, c.results), FuncTypeBytes({kI32, kI32}, {kI64})};
  m.funcs = {0};
  m.tables = {{0x70, 0x00, 0x01}, {0x6F, 0x00, 0x01}};
  if (c.with_memory) m.memories = {{0x00, 0x01}};
  m.globals = {{0x7F, 0x00, 0x41, 0x00, 0x0B}, {0x7E, 0x01, 0x42, 0x00, 0x0B}};
  m.elems = {Cat({Leb(1), Bytes{0x00}, Vec({})})};
  m.data_count = 1;
  m.datas = {Cat({Leb(1), Leb(0)})};
  m.bodies = {BodyBytes({{1, kF64}}, c.code)};
  auto module = Decode(m.Build());
  if (!module.ok()) return std::move(module).error();
  auto context = ValidateDeclarations(**module);
  if (!context.ok()) return std::move(context).error();
  Status status = ValidateFunction(**module, *context, 0, nullptr);
  if (code != nullptr) *code = status.ok() ? Errc::kOk : status.error().code;
  return status;
}

Errc Code(const Case& c) {
  auto status = ValidateBody(c);
  return status.ok() ? Errc::kOk : status.error().code;
}

TEST(ValidateFunction, AcceptsWellTypedOperators) {
  EXPECT_EQ(Code({{kI32, kI32}, {kI32}, {0x20, 0x00, 0x20, 0x01, 0x6A, 0x0B}}), Errc::kOk);
  EXPECT_EQ(Code({{kI64}, {kI32}, {0x20, 0x00, 0x50, 0x0B}}), Errc::kOk);          // i64.eqz
  EXPECT_EQ(Code({{}, {kF64}, {0x41, 0x01, 0xB7, 0x0B}}), Errc::kOk);             // f64.convert_i32_s
  EXPECT_EQ(Code({{}, {kI32}, {0x44, 0, 0, 0, 0, 0, 0, 0, 0, 0xFC, 0x02, 0x0B}}), Errc::kOk);  // trunc_sat
}

TEST(ValidateFunction, RejectsOperandTypeMismatch) {
  auto status = ValidateBody({{}, {kI32}, {0x41, 0x01, 0x44, 0, 0, 0, 0, 0, 0, 0, 0, 0x6A, 0x0B}});
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().code, Errc::kTypeMismatch);
  EXPECT_NE(status.error().message.find(": type mismatch: expected i32, got f64 in i32.add"), std::string::npos)
      << status.error().message;
  EXPECT_EQ(status.error().message.rfind("at byte 0x", 0), 0u);
}

TEST(ValidateFunction, RejectsEmptyStackAndLeftovers) {
  EXPECT_EQ(Code({{}, {}, {0x6A, 0x0B}}), Errc::kTypeMismatch);
  EXPECT_EQ(Code({{}, {}, {0x41, 0x00, 0x0B}}), Errc::kTypeMismatch);        // value left over
  EXPECT_EQ(Code({{}, {kI32}, {0x0B}}), Errc::kTypeMismatch);                // missing result
  EXPECT_EQ(Code({{}, {kI32}, {0x42, 0x00, 0x0B}}), Errc::kTypeMismatch);    // wrong result
  // Values below a block's height are out of its reach.
  EXPECT_EQ(Code({{}, {}, {0x41, 0x00, 0x02, 0x40, 0x1A, 0x0B, 0x1A, 0x0B}}), Errc::kTypeMismatch);
}

TEST(ValidateFunction, TypesUnreachableCodePolymorphically) {
  EXPECT_EQ(Code({{}, {kI32}, {0x00, 0x6A, 0x0B}}), Errc::kOk);             // unreachable; i32.add
  EXPECT_EQ(Code({{}, {kI32}, {0x41, 0x00, 0x0F, 0x1A, 0x41, 0x00, 0x0B}}), Errc::kOk);  // return; drop
  EXPECT_EQ(Code({{}, {}, {0x00, 0x41, 0x00, 0x42, 0x00, 0x6A, 0x0B}}), Errc::kTypeMismatch);
  EXPECT_EQ(Code({{}, {kI32}, {0x00, 0x1B, 0x0B}}), Errc::kOk);              // select on unknowns
  EXPECT_EQ(Code({{}, {}, {0x00, 0xD0, 0x70, 0x1B, 0x1A, 0x0B}}), Errc::kTypeMismatch);  // select of funcref
}

TEST(ValidateFunction, ChecksBlocksWithParametersAndResults) {
  // i32 i32 block (type 1) i32.add i64.extend_i32_s end drop
  EXPECT_EQ(Code({{}, {}, {0x41, 0x01, 0x41, 0x02, 0x02, 0x01, 0x6A, 0xAC, 0x0B, 0x1A, 0x0B}}), Errc::kOk);
  EXPECT_EQ(Code({{}, {}, {0x41, 0x01, 0x02, 0x01, 0x6A, 0xAC, 0x0B, 0x1A, 0x0B}}), Errc::kTypeMismatch);
  EXPECT_EQ(Code({{}, {}, {0x02, 0x05, 0x0B, 0x0B}}), Errc::kUnknownType);
  EXPECT_EQ(Code({{}, {kI32}, {0x02, 0x7F, 0x41, 0x00, 0x0B, 0x0B}}), Errc::kOk);
}

TEST(ValidateFunction, ChecksIfArms) {
  EXPECT_EQ(Code({{}, {kI32}, {0x41, 0x01, 0x04, 0x7F, 0x41, 0x02, 0x05, 0x41, 0x03, 0x0B, 0x0B}}), Errc::kOk);
  // if (result i32) without else.
  EXPECT_EQ(Code({{}, {kI32}, {0x41, 0x01, 0x04, 0x7F, 0x41, 0x02, 0x0B, 0x0B}}), Errc::kTypeMismatch);
  // if with params and equal results, without else, is fine: type 0 here is [i32] -> [i32].
  EXPECT_EQ(Code({{kI32}, {kI32}, {0x20, 0x00, 0x41, 0x01, 0x04, 0x00, 0x0B, 0x0B}}), Errc::kOk);
  EXPECT_EQ(Code({{}, {}, {0x04, 0x40, 0x0B, 0x0B}}), Errc::kTypeMismatch);  // no condition
  EXPECT_EQ(Code({{}, {}, {0x05, 0x0B}}), Errc::kBadOpcode);                 // else outside if
}

TEST(ValidateFunction, ChecksBranches) {
  EXPECT_EQ(Code({{}, {kI32}, {0x41, 0x00, 0x0C, 0x00, 0x0B}}), Errc::kOk);
  EXPECT_EQ(Code({{}, {}, {0x0C, 0x01, 0x0B}}), Errc::kUnknownLabel);
  EXPECT_EQ(Code({{}, {kI32}, {0x41, 0x00, 0x41, 0x01, 0x0D, 0x00, 0x0B}}), Errc::kOk);
  EXPECT_EQ(Code({{}, {kI32}, {0x41, 0x01, 0x0D, 0x00, 0x0B}}), Errc::kTypeMismatch);
  // A loop's label takes its parameters: loop (type 1) br 0 needs [i32 i32].
  EXPECT_EQ(Code({{}, {}, {0x41, 0x01, 0x41, 0x02, 0x03, 0x01, 0x0C, 0x00, 0x0B, 0x1A, 0x0B}}), Errc::kOk);
  EXPECT_EQ(Code({{}, {}, {0x41, 0x01, 0x41, 0x02, 0x03, 0x01, 0x1A, 0x0C, 0x00, 0x0B, 0x1A, 0x0B}}),
            Errc::kTypeMismatch);
}

TEST(ValidateFunction, ChecksBrTable) {
  // block (result i32) i32.const 1 i32.const 0 br_table 0 1 0 end
  EXPECT_EQ(Code({{}, {kI32}, {0x02, 0x7F, 0x41, 0x01, 0x41, 0x00, 0x0E, 0x02, 0x00, 0x01, 0x00, 0x0B, 0x0B}}),
            Errc::kOk);
  // Targets of different arity.
  EXPECT_EQ(Code({{}, {kI32}, {0x02, 0x40, 0x41, 0x01, 0x41, 0x00, 0x0E, 0x01, 0x00, 0x01, 0x0B, 0x41, 0x00,
                               0x0B}}),
            Errc::kTypeMismatch);
  EXPECT_EQ(Code({{}, {}, {0x41, 0x00, 0x0E, 0x00, 0x05, 0x0B}}), Errc::kUnknownLabel);
  // In unreachable code the operands are unknown; each target still needs matching arity.
  EXPECT_EQ(Code({{}, {kI32}, {0x00, 0x0E, 0x00, 0x00, 0x0B}}), Errc::kOk);
}

TEST(ValidateFunction, ChecksCalls) {
  EXPECT_EQ(Code({{}, {}, {0x10, 0x00, 0x0B}}), Errc::kOk);  // recursion
  EXPECT_EQ(Code({{}, {}, {0x10, 0x01, 0x0B}}), Errc::kUnknownFunction);
  EXPECT_EQ(Code({{kI32}, {}, {0x10, 0x00, 0x0B}}), Errc::kTypeMismatch);
  // call_indirect type 1 on table 0: [i32 i32 i32] -> [i64]
  EXPECT_EQ(Code({{}, {kI64}, {0x41, 0x01, 0x41, 0x02, 0x41, 0x00, 0x11, 0x01, 0x00, 0x0B}}), Errc::kOk);
  EXPECT_EQ(Code({{}, {}, {0x41, 0x00, 0x11, 0x00, 0x02, 0x0B}}), Errc::kUnknownTable);
  EXPECT_EQ(Code({{}, {}, {0x41, 0x00, 0x11, 0x00, 0x01, 0x0B}}), Errc::kTypeMismatch);  // externref table
  EXPECT_EQ(Code({{}, {}, {0x41, 0x00, 0x11, 0x07, 0x00, 0x0B}}), Errc::kUnknownType);
}

TEST(ValidateFunction, ChecksLocalsAndGlobals) {
  // Local 0 is the i32 parameter, local 1 the declared f64.
  EXPECT_EQ(Code({{kI32}, {kF64}, {0x20, 0x01, 0x0B}}), Errc::kOk);
  EXPECT_EQ(Code({{kI32}, {}, {0x20, 0x02, 0x1A, 0x0B}}), Errc::kUnknownLocal);
  EXPECT_EQ(Code({{kI32}, {kI32}, {0x41, 0x05, 0x22, 0x00, 0x0B}}), Errc::kOk);
  EXPECT_EQ(Code({{kI32}, {}, {0x42, 0x05, 0x21, 0x00, 0x0B}}), Errc::kTypeMismatch);
  EXPECT_EQ(Code({{}, {kI32}, {0x23, 0x00, 0x0B}}), Errc::kOk);
  EXPECT_EQ(Code({{}, {}, {0x23, 0x02, 0x1A, 0x0B}}), Errc::kUnknownGlobal);
  EXPECT_EQ(Code({{}, {}, {0x41, 0x00, 0x24, 0x00, 0x0B}}), Errc::kImmutableGlobal);
  EXPECT_EQ(Code({{}, {}, {0x42, 0x00, 0x24, 0x01, 0x0B}}), Errc::kOk);
}

TEST(ValidateFunction, ChecksSelect) {
  EXPECT_EQ(Code({{}, {kI64}, {0x42, 0x01, 0x42, 0x02, 0x41, 0x00, 0x1B, 0x0B}}), Errc::kOk);
  EXPECT_EQ(Code({{}, {kI64}, {0x42, 0x01, 0x41, 0x02, 0x41, 0x00, 0x1B, 0x0B}}), Errc::kTypeMismatch);
  // Reference operands need the typed form.
  EXPECT_EQ(Code({{}, {kFuncRef}, {0xD0, 0x70, 0xD0, 0x70, 0x41, 0x00, 0x1B, 0x0B}}), Errc::kTypeMismatch);
  EXPECT_EQ(Code({{}, {kFuncRef}, {0xD0, 0x70, 0xD0, 0x70, 0x41, 0x00, 0x1C, 0x01, 0x70, 0x0B}}), Errc::kOk);
  EXPECT_EQ(Code({{}, {kI32}, {0x41, 0x00, 0x41, 0x00, 0x41, 0x00, 0x1C, 0x02, 0x7F, 0x7F, 0x0B}}),
            Errc::kInvalidResultArity);
  EXPECT_EQ(Code({{}, {kI32}, {0x41, 0x00, 0x41, 0x00, 0x41, 0x00, 0x1C, 0x00, 0x0B}}),
            Errc::kInvalidResultArity);
}

TEST(ValidateFunction, ChecksSimdInstructions) {
  constexpr ValType kV128 = ValType::kV128;
  Bytes zero{0xFD, 0x0C};  // v128.const 0
  zero.resize(18, 0x00);
  EXPECT_EQ(Code({{}, {kV128}, Cat({zero, {0x0B}})}), Errc::kOk);
  EXPECT_EQ(Code({{}, {kI32}, Cat({zero, {0x0B}})}), Errc::kTypeMismatch);
  // i8x16.extract_lane_s: lanes 0-15.
  EXPECT_EQ(Code({{}, {kI32}, Cat({zero, {0xFD, 0x15, 0x0F, 0x0B}})}), Errc::kOk);
  EXPECT_EQ(Code({{}, {kI32}, Cat({zero, {0xFD, 0x15, 0x10, 0x0B}})}), Errc::kInvalidLaneIndex);
  // i64x2.replace_lane: lanes 0-1, operands v128 then i64.
  EXPECT_EQ(Code({{}, {kV128}, Cat({zero, {0x42, 0x00, 0xFD, 0x1E, 0x01, 0x0B}})}), Errc::kOk);
  EXPECT_EQ(Code({{}, {kV128}, Cat({zero, {0x42, 0x00, 0xFD, 0x1E, 0x02, 0x0B}})}), Errc::kInvalidLaneIndex);
  EXPECT_EQ(Code({{}, {kV128}, Cat({zero, {0x41, 0x00, 0xFD, 0x1E, 0x01, 0x0B}})}), Errc::kTypeMismatch);
  // i8x16.shuffle: lane indices below 32.
  Bytes shuffle{0xFD, 0x0D};
  shuffle.resize(18, 31);
  EXPECT_EQ(Code({{}, {kV128}, Cat({zero, zero, shuffle, {0x0B}})}), Errc::kOk);
  shuffle[17] = 32;
  EXPECT_EQ(Code({{}, {kV128}, Cat({zero, zero, shuffle, {0x0B}})}), Errc::kInvalidLaneIndex);
  // v128.load: natural alignment 16; v128.load32_lane: 4, lanes 0-3.
  EXPECT_EQ(Code({{}, {kV128}, {0x41, 0x00, 0xFD, 0x00, 0x04, 0x00, 0x0B}}), Errc::kOk);
  EXPECT_EQ(Code({{}, {kV128}, {0x41, 0x00, 0xFD, 0x00, 0x05, 0x00, 0x0B}}), Errc::kAlignmentTooLarge);
  EXPECT_EQ(Code({{}, {kV128}, Cat({{0x41, 0x00}, zero, {0xFD, 0x56, 0x02, 0x00, 0x03, 0x0B}})}), Errc::kOk);
  EXPECT_EQ(Code({{}, {kV128}, Cat({{0x41, 0x00}, zero, {0xFD, 0x56, 0x02, 0x00, 0x04, 0x0B}})}),
            Errc::kInvalidLaneIndex);
  EXPECT_EQ(Code({{}, {kV128}, Cat({{0x41, 0x00}, zero, {0xFD, 0x56, 0x03, 0x00, 0x00, 0x0B}})}),
            Errc::kAlignmentTooLarge);
  EXPECT_EQ(Code({{}, {kV128}, {0x41, 0x00, 0xFD, 0x00, 0x04, 0x00, 0x0B}, false}), Errc::kUnknownMemory);
}

TEST(ValidateFunction, ChecksMemoryInstructions) {
  EXPECT_EQ(Code({{}, {kI32}, {0x41, 0x00, 0x28, 0x02, 0x00, 0x0B}}), Errc::kOk);
  EXPECT_EQ(Code({{}, {kI32}, {0x41, 0x00, 0x28, 0x03, 0x00, 0x0B}}), Errc::kAlignmentTooLarge);
  EXPECT_EQ(Code({{}, {kI64}, {0x41, 0x00, 0x31, 0x01, 0x00, 0x0B}}), Errc::kAlignmentTooLarge);  // load8_u
  EXPECT_EQ(Code({{}, {}, {0x41, 0x00, 0x42, 0x00, 0x37, 0x03, 0x00, 0x0B}}), Errc::kOk);  // i64.store
  EXPECT_EQ(Code({{}, {kI32}, {0x41, 0x00, 0x28, 0x02, 0x00, 0x0B}, false}), Errc::kUnknownMemory);
  EXPECT_EQ(Code({{}, {kI32}, {0x3F, 0x00, 0x0B}, false}), Errc::kUnknownMemory);
  EXPECT_EQ(Code({{}, {kI32}, {0x41, 0x01, 0x40, 0x00, 0x0B}}), Errc::kOk);
  const Bytes three = {0x41, 0x00, 0x41, 0x00, 0x41, 0x00};
  EXPECT_EQ(Code({{}, {}, Cat({three, {0xFC, 0x0B, 0x00, 0x0B}})}), Errc::kOk);              // fill
  EXPECT_EQ(Code({{}, {}, Cat({three, {0xFC, 0x0A, 0x00, 0x00, 0x0B}})}), Errc::kOk);        // copy
  EXPECT_EQ(Code({{}, {}, Cat({three, {0xFC, 0x08, 0x00, 0x00, 0x0B}})}), Errc::kOk);        // init 0
  EXPECT_EQ(Code({{}, {}, Cat({three, {0xFC, 0x08, 0x01, 0x00, 0x0B}})}), Errc::kUnknownData);
  EXPECT_EQ(Code({{}, {}, {0xFC, 0x09, 0x00, 0x0B}}), Errc::kOk);
  EXPECT_EQ(Code({{}, {}, {0xFC, 0x09, 0x01, 0x0B}}), Errc::kUnknownData);
}

TEST(ValidateFunction, ChecksTableInstructions) {
  EXPECT_EQ(Code({{}, {kFuncRef}, {0x41, 0x00, 0x25, 0x00, 0x0B}}), Errc::kOk);
  EXPECT_EQ(Code({{}, {kFuncRef}, {0x41, 0x00, 0x25, 0x01, 0x0B}}), Errc::kTypeMismatch);
  EXPECT_EQ(Code({{}, {}, {0x41, 0x00, 0xD0, 0x6F, 0x26, 0x01, 0x0B}}), Errc::kOk);
  EXPECT_EQ(Code({{}, {kI32}, {0xFC, 0x10, 0x03, 0x0B}}), Errc::kUnknownTable);
  EXPECT_EQ(Code({{}, {kI32}, {0xD0, 0x70, 0x41, 0x01, 0xFC, 0x0F, 0x00, 0x0B}}), Errc::kOk);  // grow
  EXPECT_EQ(Code({{}, {}, {0x41, 0x00, 0xD0, 0x6F, 0x41, 0x01, 0xFC, 0x11, 0x01, 0x0B}}), Errc::kOk);  // fill
  const Bytes three = {0x41, 0x00, 0x41, 0x00, 0x41, 0x00};
  EXPECT_EQ(Code({{}, {}, Cat({three, {0xFC, 0x0E, 0x00, 0x00, 0x0B}})}), Errc::kOk);
  EXPECT_EQ(Code({{}, {}, Cat({three, {0xFC, 0x0E, 0x00, 0x01, 0x0B}})}), Errc::kTypeMismatch);
  EXPECT_EQ(Code({{}, {}, Cat({three, {0xFC, 0x0C, 0x00, 0x00, 0x0B}})}), Errc::kOk);  // table.init 0 0
  EXPECT_EQ(Code({{}, {}, Cat({three, {0xFC, 0x0C, 0x00, 0x01, 0x0B}})}), Errc::kTypeMismatch);
  EXPECT_EQ(Code({{}, {}, Cat({three, {0xFC, 0x0C, 0x01, 0x00, 0x0B}})}), Errc::kUnknownElem);
  EXPECT_EQ(Code({{}, {}, {0xFC, 0x0D, 0x00, 0x0B}}), Errc::kOk);
  EXPECT_EQ(Code({{}, {}, {0xFC, 0x0D, 0x01, 0x0B}}), Errc::kUnknownElem);
}

TEST(ValidateFunction, ChecksReferences) {
  EXPECT_EQ(Code({{}, {kExternRef}, {0xD0, 0x6F, 0x0B}}), Errc::kOk);
  EXPECT_EQ(Code({{}, {kI32}, {0xD0, 0x70, 0xD1, 0x0B}}), Errc::kOk);
  EXPECT_EQ(Code({{}, {kI32}, {0x41, 0x00, 0xD1, 0x0B}}), Errc::kTypeMismatch);
  // ref.func needs the function declared outside bodies (none is, here).
  EXPECT_EQ(Code({{}, {kFuncRef}, {0xD2, 0x00, 0x0B}}), Errc::kUndeclaredFuncRef);
  EXPECT_EQ(Code({{}, {kFuncRef}, {0xD2, 0x01, 0x0B}}), Errc::kUnknownFunction);
}

TEST(ValidateFunction, AcceptsRefFuncDeclaredByExport) {
  TestModule m = testing::OneFunction({}, {ValType::kFuncRef}, {0xD2, 0x00, 0x0B});
  m.exports = {Cat({Name("f"), Bytes{0x00, 0x00}})};
  auto module = testing::DecodeOk(m.Build());
  ASSERT_NE(module, nullptr);
  EXPECT_TRUE(Validate(*module).ok());
}

TEST(ValidateFunction, RejectsMalformedBodyStructure) {
  EXPECT_EQ(Code({{}, {}, {0x02, 0x40, 0x0B}}), Errc::kEndExpected);
  EXPECT_EQ(Code({{}, {}, {0x0B, 0x0B}}), Errc::kJunkAfterEnd);
  EXPECT_EQ(Code({{}, {}, {}}), Errc::kEndExpected);
  EXPECT_EQ(Code({{}, {}, {0x41}}), Errc::kUnexpectedEnd);
}

TEST(ValidateFunction, RejectsBadFunctionIndex) {
  TestModule m = testing::OneFunction({}, {}, {0x0B});
  auto module = testing::DecodeOk(m.Build());
  ASSERT_NE(module, nullptr);
  ModuleContext context;
  EXPECT_EQ(ValidateFunction(*module, context, 1, nullptr).error().code, Errc::kInvalidArgument);
}

}  // namespace
}  // namespace cella::wasm
