// tests/wasm/validator_test.cc: ValidateDeclarations (imports, limits, memories,
// exports, start, globals, segments, constant expressions, C.refs) and Validate's
// preference of malformed bodies over invalid modules.
#include "wasm/validator.h"

#include <gtest/gtest.h>

#include "test_module.h"

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

Errc ValidateError(const TestModule& m) {
  auto module = testing::DecodeOk(m.Build());
  if (module == nullptr) return Errc::kBadFormat;
  Status status = Validate(*module);
  return status.ok() ? Errc::kOk : status.error().code;
}

std::string ValidateMessage(const TestModule& m) {
  auto module = testing::DecodeOk(m.Build());
  if (module == nullptr) return "";
  Status status = Validate(*module);
  return status.ok() ? "" : status.error().message;
}

TestModule Empty() { return TestModule{}; }

Bytes Import(const std::string& name, const Bytes& desc) { return Cat({Name("env"), Name(name), desc}); }

TEST(Validator, AcceptsEmptyAndSimpleModules) {
  EXPECT_EQ(ValidateError(Empty()), Errc::kOk);
  EXPECT_EQ(ValidateError(testing::OneFunction({kI32}, {kI32}, {0x20, 0x00, 0x0B})), Errc::kOk);
}

TEST(Validator, RejectsUnknownTypeIndex) {
  TestModule m = testing::OneFunction({}, {}, {0x0B});
  m.funcs = {1};
  EXPECT_EQ(ValidateError(m), Errc::kUnknownType);
  TestModule imports;
  imports.imports = {Import("f", {0x00, 0x00})};
  EXPECT_EQ(ValidateError(imports), Errc::kUnknownType);
}

TEST(Validator, ChecksLimits) {
  TestModule m;
  m.memories = {{0x01, 0x02, 0x01}};
  EXPECT_EQ(ValidateError(m), Errc::kLimitsMinOverMax);
  m.memories = {{0x00, 0x81, 0x80, 0x04}};  // 65537 pages
  EXPECT_EQ(ValidateError(m), Errc::kMemoryTooLarge);
  m.memories = {{0x01, 0x00, 0x81, 0x80, 0x04}};
  EXPECT_EQ(ValidateError(m), Errc::kMemoryTooLarge);
  m.memories = {{0x01, 0x00, 0x80, 0x80, 0x04}};  // max 65536 is fine
  EXPECT_EQ(ValidateError(m), Errc::kOk);
  TestModule t;
  t.tables = {{0x70, 0x01, 0x05, 0x04}};
  EXPECT_EQ(ValidateError(t), Errc::kLimitsMinOverMax);
  t.tables = {{0x70, 0x01, 0x00, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F}};  // table limits are u32
  EXPECT_EQ(ValidateError(t), Errc::kOk);
  TestModule imported;
  imported.imports = {Import("m", {0x02, 0x01, 0x03, 0x02})};
  EXPECT_EQ(ValidateError(imported), Errc::kLimitsMinOverMax);
}

TEST(Validator, RejectsMultipleMemories) {
  TestModule m;
  m.imports = {Import("m", {0x02, 0x00, 0x01})};
  m.memories = {{0x00, 0x01}};
  EXPECT_EQ(ValidateError(m), Errc::kMultipleMemories);
  m.imports.clear();
  m.memories = {{0x00, 0x01}, {0x00, 0x01}};
  EXPECT_EQ(ValidateError(m), Errc::kMultipleMemories);
}

TEST(Validator, ChecksExports) {
  TestModule m = testing::OneFunction({}, {}, {0x0B});
  m.exports = {Cat({Name("a"), Bytes{0x00, 0x00}}), Cat({Name("a"), Bytes{0x00, 0x00}})};
  EXPECT_EQ(ValidateError(m), Errc::kDuplicateExport);
  m.exports = {Cat({Name("a"), Bytes{0x00, 0x01}})};
  EXPECT_EQ(ValidateError(m), Errc::kUnknownFunction);
  m.exports = {Cat({Name("t"), Bytes{0x01, 0x00}})};
  EXPECT_EQ(ValidateError(m), Errc::kUnknownTable);
  m.exports = {Cat({Name("m"), Bytes{0x02, 0x00}})};
  EXPECT_EQ(ValidateError(m), Errc::kUnknownMemory);
  m.exports = {Cat({Name("g"), Bytes{0x03, 0x00}})};
  EXPECT_EQ(ValidateError(m), Errc::kUnknownGlobal);
}

TEST(Validator, ChecksStartFunction) {
  TestModule m = testing::OneFunction({}, {}, {0x0B});
  m.start = 0;
  EXPECT_EQ(ValidateError(m), Errc::kOk);
  m.start = 1;
  EXPECT_EQ(ValidateError(m), Errc::kUnknownFunction);
  TestModule typed = testing::OneFunction({kI32}, {}, {0x0B});
  typed.start = 0;
  EXPECT_EQ(ValidateError(typed), Errc::kBadStartFunction);
}

TEST(Validator, ChecksGlobalInitializers) {
  TestModule m;
  m.imports = {Import("c", {0x03, 0x7F, 0x00}), Import("v", {0x03, 0x7F, 0x01})};
  m.globals = {{0x7F, 0x00, 0x23, 0x00, 0x0B}};  // global.get of an immutable import
  EXPECT_EQ(ValidateError(m), Errc::kOk);
  m.globals = {{0x7F, 0x00, 0x23, 0x01, 0x0B}};  // mutable import
  EXPECT_EQ(ValidateError(m), Errc::kConstantExprRequired);
  m.globals = {{0x7F, 0x00, 0x41, 0x00, 0x0B}, {0x7F, 0x00, 0x23, 0x02, 0x0B}};  // a defined global
  EXPECT_EQ(ValidateError(m), Errc::kUnknownGlobal);
  m.globals = {{0x7F, 0x00, 0x41, 0x01, 0x41, 0x02, 0x6A, 0x0B}};  // i32.add
  EXPECT_EQ(ValidateError(m), Errc::kConstantExprRequired);
  m.globals = {{0x7F, 0x00, 0x42, 0x00, 0x0B}};  // i64 for an i32 global
  EXPECT_EQ(ValidateError(m), Errc::kTypeMismatch);
  m.globals = {{0x7F, 0x00, 0x0B}};  // nothing
  EXPECT_EQ(ValidateError(m), Errc::kTypeMismatch);
  m.globals = {{0x7F, 0x00, 0x41, 0x00, 0x41, 0x00, 0x0B}};  // two values
  EXPECT_EQ(ValidateError(m), Errc::kTypeMismatch);
  m.globals = {{0x70, 0x00, 0xD2, 0x05, 0x0B}};  // ref.func of an unknown function
  EXPECT_EQ(ValidateError(m), Errc::kUnknownFunction);
  m.globals = {{0x6F, 0x00, 0xD0, 0x70, 0x0B}};  // ref.null func for externref
  EXPECT_EQ(ValidateError(m), Errc::kTypeMismatch);
}

TEST(Validator, ReportsConstantExpressionErrorsWithOffsets) {
  TestModule m;
  m.globals = {{0x7F, 0x00, 0x42, 0x00, 0x0B}};
  EXPECT_EQ(ValidateMessage(m),
            "at byte 0xd: type mismatch: the initializer of global 0 must produce [i32], produces [i64]");
}

TEST(Validator, ChecksElementSegments) {
  TestModule m = testing::OneFunction({}, {}, {0x0B});
  m.tables = {{0x70, 0x00, 0x01}};
  m.elems = {Cat({Leb(0), Bytes{0x41, 0x00, 0x0B}, Vec({Leb(0)})})};
  EXPECT_EQ(ValidateError(m), Errc::kOk);
  m.elems = {Cat({Leb(2), Leb(1), Bytes{0x41, 0x00, 0x0B, 0x00}, Vec({Leb(0)})})};
  EXPECT_EQ(ValidateError(m), Errc::kUnknownTable);
  m.elems = {Cat({Leb(0), Bytes{0x41, 0x00, 0x0B}, Vec({Leb(1)})})};
  EXPECT_EQ(ValidateError(m), Errc::kUnknownFunction);
  m.elems = {Cat({Leb(0), Bytes{0x42, 0x00, 0x0B}, Vec({Leb(0)})})};  // i64 offset
  EXPECT_EQ(ValidateError(m), Errc::kTypeMismatch);
  m.elems = {Cat({Leb(6), Leb(0), Bytes{0x41, 0x00, 0x0B, 0x6F}, Vec({{0xD0, 0x6F, 0x0B}})})};
  EXPECT_EQ(ValidateError(m), Errc::kTypeMismatch);  // externref segment, funcref table
  m.elems = {Cat({Leb(5), Bytes{0x70}, Vec({{0xD0, 0x6F, 0x0B}})})};
  EXPECT_EQ(ValidateError(m), Errc::kTypeMismatch);  // externref item in a funcref segment
  m.elems = {Cat({Leb(5), Bytes{0x70}, Vec({{0x41, 0x00, 0x0B}})})};
  EXPECT_EQ(ValidateError(m), Errc::kTypeMismatch);
}

TEST(Validator, ChecksDataSegments) {
  TestModule m;
  m.datas = {Cat({Leb(0), Bytes{0x41, 0x00, 0x0B}, Leb(0)})};
  EXPECT_EQ(ValidateError(m), Errc::kUnknownMemory);
  m.memories = {{0x00, 0x01}};
  EXPECT_EQ(ValidateError(m), Errc::kOk);
  m.datas = {Cat({Leb(2), Leb(1), Bytes{0x41, 0x00, 0x0B}, Leb(0)})};
  EXPECT_EQ(ValidateError(m), Errc::kUnknownMemory);
  m.datas = {Cat({Leb(0), Bytes{0x43, 0, 0, 0, 0, 0x0B}, Leb(0)})};
  EXPECT_EQ(ValidateError(m), Errc::kTypeMismatch);
  m.datas = {Cat({Leb(1), Leb(0)})};  // passive: no memory needed
  m.memories.clear();
  EXPECT_EQ(ValidateError(m), Errc::kOk);
}

TEST(Validator, CollectsDeclaredFunctionReferences) {
  TestModule m;
  m.types = {FuncTypeBytes({}, {})};
  m.funcs = {0, 0, 0, 0, 0};
  for (int i = 0; i < 5; ++i) m.bodies.push_back(BodyBytes({}, {0x0B}));
  m.globals = {{0x70, 0x00, 0xD2, 0x01, 0x0B}};
  m.exports = {Cat({Name("f"), Bytes{0x00, 0x02}})};
  m.elems = {Cat({Leb(3), Bytes{0x00}, Vec({Leb(3)})})};
  auto module = testing::DecodeOk(m.Build());
  ASSERT_NE(module, nullptr);
  auto context = ValidateDeclarations(*module);
  ASSERT_TRUE(context.ok()) << context.error().ToString();
  EXPECT_EQ(context->declared_func_refs, (std::vector<bool>{false, true, true, true, false}));
}

TEST(Validator, PrefersMalformedBodyOverInvalidDeclaration) {
  TestModule m = testing::OneFunction({}, {}, {0x0A, 0x0B});  // illegal opcode
  m.exports = {Cat({Name("a"), Bytes{0x00, 0x00}}), Cat({Name("a"), Bytes{0x00, 0x00}})};
  EXPECT_EQ(ValidateError(m), Errc::kBadOpcode);
  m.bodies = {BodyBytes({}, {0x0B})};
  EXPECT_EQ(ValidateError(m), Errc::kDuplicateExport);
}

TEST(Validator, PrefersLaterMalformedBodyOverEarlierInvalidBody) {
  TestModule m;
  m.types = {FuncTypeBytes({}, {})};
  m.funcs = {0, 0};
  m.bodies = {BodyBytes({}, {0x6A, 0x0B}),           // i32.add on an empty stack: invalid
              BodyBytes({}, {0x3F, 0x01, 0x0B})};    // memory.size 0x01: malformed
  EXPECT_EQ(ValidateError(m), Errc::kZeroByteExpected);
  m.bodies[1] = BodyBytes({}, {0x0B});
  EXPECT_EQ(ValidateError(m), Errc::kTypeMismatch);
}

TEST(Validator, PrefersMalformedLaterInTheSameBody) {
  TestModule m = testing::OneFunction({}, {}, {0x6A, 0x01, 0xFC, 0x20, 0x0B});
  auto module = testing::DecodeOk(m.Build());
  ASSERT_NE(module, nullptr);
  auto context = ValidateDeclarations(*module);
  ASSERT_TRUE(context.ok());
  Status status = ValidateFunction(*module, *context, 0, nullptr);
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().code, Errc::kBadOpcode);
}

TEST(Validator, RequiresDataCountForBulkMemory) {
  TestModule m = testing::OneFunction({}, {}, {0xFC, 0x09, 0x00, 0x0B});  // data.drop 0
  m.memories = {{0x00, 0x01}};
  m.datas = {Cat({Leb(1), Leb(0)})};
  EXPECT_EQ(ValidateError(m), Errc::kDataCountRequired);
  EXPECT_EQ(PhaseOf(Errc::kDataCountRequired), Phase::kDecode);
  m.data_count = 1;
  EXPECT_EQ(ValidateError(m), Errc::kOk);
}

TEST(CheckBodiesDecode, FindsMalformedBodies) {
  TestModule m;
  m.types = {FuncTypeBytes({}, {})};
  m.funcs = {0, 0, 0, 0};
  m.bodies = {BodyBytes({}, {0x6A, 0x0B}),        // invalid but well-formed
              BodyBytes({}, {0x05, 0x0B}),        // else outside if
              BodyBytes({}, {0x02, 0x40, 0x0B}),  // missing final end
              BodyBytes({}, {0x0B, 0x01})};       // bytes after the final end
  auto module = testing::DecodeOk(m.Build());
  ASSERT_NE(module, nullptr);
  EXPECT_TRUE(CheckBodyDecode(*module, 0).ok());
  EXPECT_EQ(CheckBodyDecode(*module, 1).error().code, Errc::kBadOpcode);
  EXPECT_EQ(CheckBodyDecode(*module, 2).error().code, Errc::kEndExpected);
  EXPECT_EQ(CheckBodyDecode(*module, 3).error().code, Errc::kJunkAfterEnd);
  EXPECT_EQ(CheckBodiesDecode(*module, 0).error().code, Errc::kBadOpcode);
  EXPECT_EQ(CheckBodiesDecode(*module, 2).error().code, Errc::kEndExpected);
  EXPECT_EQ(CheckBodyDecode(*module, 4).error().code, Errc::kInvalidArgument);
}

TEST(CheckBodiesDecode, AcceptsElseInsideIfOnly) {
  TestModule m = testing::OneFunction({}, {}, {0x41, 0x00, 0x04, 0x40, 0x05, 0x05, 0x0B, 0x0B});
  auto module = testing::DecodeOk(m.Build());
  ASSERT_NE(module, nullptr);
  EXPECT_EQ(CheckBodyDecode(*module, 0).error().code, Errc::kBadOpcode);  // a second else
  m.bodies = {BodyBytes({}, {0x41, 0x00, 0x04, 0x40, 0x05, 0x0B, 0x0B})};
  module = testing::DecodeOk(m.Build());
  EXPECT_TRUE(CheckBodyDecode(*module, 0).ok());
}

}  // namespace
}  // namespace cella::wasm
