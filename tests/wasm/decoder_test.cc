// tests/wasm/decoder_test.cc: wasm::Decode on hand-assembled modules: the header, the
// section loop (ids, sizes, order), every section's encodings and the malformed errors.
#include "wasm/decoder.h"

#include <gtest/gtest.h>

#include "test_module.h"

namespace cella::wasm {
namespace {

using testing::Bytes;
using testing::BodyBytes;
using testing::Cat;
using testing::DecodeOk;
using testing::FuncTypeBytes;
using testing::Header;
using testing::Leb;
using testing::Name;
using testing::Section;
using testing::TestModule;
using testing::Vec;

constexpr ValType kI32 = ValType::kI32;
constexpr ValType kI64 = ValType::kI64;
constexpr ValType kF32 = ValType::kF32;

Errc DecodeError(const Bytes& bytes) {
  auto module = Decode(bytes);
  if (module.ok()) return Errc::kOk;
  EXPECT_EQ(PhaseOf(module.error().code), Phase::kDecode) << module.error().ToString();
  return module.error().code;
}

std::string DecodeMessage(const Bytes& bytes) {
  auto module = Decode(bytes);
  return module.ok() ? "" : module.error().message;
}

TEST(Decoder, DecodesEmptyModule) {
  auto module = DecodeOk(Header());
  ASSERT_NE(module, nullptr);
  EXPECT_TRUE(module->sections.empty());
  EXPECT_EQ(module->num_funcs(), 0u);
  EXPECT_EQ(module->bytes, Header());
}

TEST(Decoder, RejectsTruncatedHeader) {
  EXPECT_EQ(DecodeError({}), Errc::kUnexpectedEnd);
  EXPECT_EQ(DecodeError({0x00, 0x61, 0x73, 0x6D}), Errc::kUnexpectedEnd);
  EXPECT_EQ(DecodeError({0x00, 0x61, 0x73, 0x6D, 0x01}), Errc::kUnexpectedEnd);
}

TEST(Decoder, RejectsBadMagic) {
  EXPECT_EQ(DecodeError({0x00, 0x61, 0x73, 0x6E, 0x01, 0x00, 0x00, 0x00}), Errc::kBadMagic);
  EXPECT_EQ(DecodeError({'C', 'E', 'L', 'L', 0x01, 0x00, 0x00, 0x00}), Errc::kBadMagic);
}

TEST(Decoder, RejectsUnknownVersion) {
  EXPECT_EQ(DecodeError({0x00, 0x61, 0x73, 0x6D, 0x02, 0x00, 0x00, 0x00}), Errc::kBadVersion);
  EXPECT_EQ(DecodeError({0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x01, 0x00}), Errc::kBadVersion);
}

TEST(Decoder, RejectsMalformedSectionId) {
  Bytes bytes = Cat({Header(), Section(14, {})});  // 13 is the tag section
  EXPECT_EQ(DecodeError(bytes), Errc::kBadSectionId);
  EXPECT_EQ(DecodeMessage(bytes), "at byte 0x8: malformed section id 0x0e");
}

TEST(Decoder, RejectsSectionOutOfOrder) {
  Bytes function_then_type = Cat({Header(), Section(3, Vec({})), Section(1, Vec({}))});
  EXPECT_EQ(DecodeError(function_then_type), Errc::kSectionOutOfOrder);
  EXPECT_NE(DecodeMessage(function_then_type).find("type section after function section"), std::string::npos);
}

TEST(Decoder, RejectsDuplicateSection) {
  Bytes bytes = Cat({Header(), Section(1, Vec({})), Section(1, Vec({}))});
  EXPECT_EQ(DecodeError(bytes), Errc::kSectionOutOfOrder);
  EXPECT_NE(DecodeMessage(bytes).find("duplicate type section"), std::string::npos);
}

TEST(Decoder, PlacesDataCountBetweenElementAndCode) {
  Bytes ok = Cat({Header(), Section(9, Vec({})), Section(12, Leb(0)), Section(10, Vec({})), Section(11, Vec({}))});
  auto module = DecodeOk(ok);
  ASSERT_NE(module, nullptr);
  EXPECT_EQ(module->data_count, 0u);
  EXPECT_EQ(DecodeError(Cat({Header(), Section(10, Vec({})), Section(12, Leb(0))})), Errc::kSectionOutOfOrder);
  EXPECT_EQ(DecodeError(Cat({Header(), Section(12, Leb(0)), Section(9, Vec({}))})), Errc::kSectionOutOfOrder);
}

TEST(Decoder, AcceptsCustomSectionsAnywhere) {
  Bytes custom = Cat({Name("meta"), Bytes{1, 2, 3}});
  Bytes bytes = Cat({Header(), Section(0, custom), Section(1, Vec({})), Section(0, custom), Section(3, Vec({})),
                     Section(0, Name("empty"))});
  auto module = DecodeOk(bytes);
  ASSERT_NE(module, nullptr);
  ASSERT_EQ(module->customs.size(), 3u);
  EXPECT_EQ(module->customs[0].name, "meta");
  EXPECT_EQ(module->customs[0].content.size, 3u);
  EXPECT_EQ(module->customs[0].content.offset, 15u);  // 8 header + id + size + name (5)
  EXPECT_EQ(module->customs[2].name, "empty");
  EXPECT_EQ(module->customs[2].content.size, 0u);
  ASSERT_EQ(module->sections.size(), 5u);
  EXPECT_EQ(module->sections[0].id, SectionId::kCustom);
  EXPECT_EQ(module->sections[0].name, "meta");
  EXPECT_EQ(module->sections[1].id, SectionId::kType);
}

TEST(Decoder, RejectsCustomSectionWithBadName) {
  EXPECT_EQ(DecodeError(Cat({Header(), Section(0, {})})), Errc::kUnexpectedEnd);
  EXPECT_EQ(DecodeError(Cat({Header(), Section(0, {0x05, 'a'})})), Errc::kUnexpectedEnd);
  EXPECT_EQ(DecodeError(Cat({Header(), Section(0, {0x01, 0xFF})})), Errc::kBadUtf8);
}

TEST(Decoder, RecordsSectionRanges) {
  TestModule m = testing::OneFunction({}, {}, {0x0B});
  auto module = DecodeOk(m.Build());
  ASSERT_NE(module, nullptr);
  ASSERT_EQ(module->sections.size(), 3u);
  EXPECT_EQ(module->sections[0].id, SectionId::kType);
  EXPECT_EQ(module->sections[0].range.offset, 10u);
  EXPECT_EQ(module->sections[0].range.size, 4u);
  EXPECT_EQ(module->sections[1].id, SectionId::kFunction);
  EXPECT_EQ(module->sections[2].id, SectionId::kCode);
  EXPECT_STREQ(SectionName(SectionId::kDataCount), "datacount");
  EXPECT_STREQ(SectionName(SectionId::kElem), "element");
}

TEST(Decoder, RejectsSectionSizeMismatch) {
  // A type section whose declared size leaves a byte unread.
  Bytes bytes = Cat({Header(), Section(1, Cat({Vec({FuncTypeBytes({}, {})}), Bytes{0x00}}))});
  EXPECT_EQ(DecodeError(bytes), Errc::kSectionSizeMismatch);
  // A section that needs more bytes than it declares.
  Bytes short_section = Cat({Header(), Bytes{0x01, 0x02, 0x01, 0x60}, Bytes{0x00, 0x00}});
  EXPECT_EQ(DecodeError(short_section), Errc::kUnexpectedEnd);
}

TEST(Decoder, RejectsSectionLargerThanInput) {
  Bytes bytes = Cat({Header(), Bytes{0x01, 0x10, 0x00}});
  EXPECT_EQ(DecodeError(bytes), Errc::kUnexpectedEnd);
  EXPECT_NE(DecodeMessage(bytes).find("at byte 0x9"), std::string::npos);
}

TEST(Decoder, RejectsOverlongAndTooLargeIntegers) {
  EXPECT_EQ(DecodeError(Cat({Header(), Bytes{0x01, 0x81, 0x80, 0x80, 0x80, 0x80, 0x00}})), Errc::kIntegerTooLong);
  EXPECT_EQ(DecodeError(Cat({Header(), Bytes{0x01, 0x81, 0x80, 0x80, 0x80, 0x70}})), Errc::kIntegerTooLarge);
  // A function type count padded to 5 bytes is fine.
  auto module = DecodeOk(Cat({Header(), Section(1, {0x80, 0x80, 0x80, 0x80, 0x00})}));
  EXPECT_NE(module, nullptr);
}

TEST(Decoder, DecodesFunctionTypes) {
  TestModule m;
  m.types = {FuncTypeBytes({kI32, kI64}, {kF32}), FuncTypeBytes({}, {kI32, kI32})};
  auto module = DecodeOk(m.Build());
  ASSERT_NE(module, nullptr);
  ASSERT_EQ(module->types.size(), 2u);
  EXPECT_EQ(module->types[0].ToString(), "(i32, i64) -> (f32)");
  EXPECT_EQ(module->types[1].ToString(), "() -> (i32, i32)");
}

TEST(Decoder, RejectsMalformedFunctionType) {
  TestModule m;
  m.types = {{0x61, 0x00, 0x00}};
  EXPECT_EQ(DecodeError(m.Build()), Errc::kBadFuncType);
}

TEST(Decoder, RejectsMalformedValueType) {
  TestModule m;
  m.types = {{0x60, 0x01, 0x7A, 0x00}};
  EXPECT_EQ(DecodeError(m.Build()), Errc::kBadValType);
  EXPECT_NE(DecodeMessage(m.Build()).find("malformed value type 0x7a"), std::string::npos);
}

TEST(Decoder, DecodesImportsOfEveryKind) {
  TestModule m;
  m.types = {FuncTypeBytes({kI32}, {})};
  m.imports = {
      Cat({Name("env"), Name("f"), Bytes{0x00, 0x00}}),
      Cat({Name("env"), Name("t"), Bytes{0x01, 0x70, 0x01, 0x01, 0x0A}}),
      Cat({Name("env"), Name("m"), Bytes{0x02, 0x00, 0x02}}),
      Cat({Name("env"), Name("g"), Bytes{0x03, 0x7E, 0x01}}),
  };
  m.funcs = {0};
  m.bodies = {BodyBytes({}, {0x0B})};
  auto module = DecodeOk(m.Build());
  ASSERT_NE(module, nullptr);
  ASSERT_EQ(module->imports.size(), 4u);
  EXPECT_EQ(module->imports[0].module, "env");
  EXPECT_EQ(module->imports[0].name, "f");
  EXPECT_EQ(module->imports[1].kind, ExternKind::kTable);
  EXPECT_EQ(module->num_imported_funcs(), 1u);
  EXPECT_EQ(module->num_funcs(), 2u);
  EXPECT_EQ(module->FuncTypeIndex(0), 0u);
  EXPECT_EQ(module->FuncTypeIndex(1), 0u);
  EXPECT_EQ(module->TableTypeOf(0).limits, (Limits{1, 10}));
  EXPECT_EQ(module->MemoryTypeOf(0).limits, (Limits{2, std::nullopt}));
  EXPECT_EQ(module->GlobalTypeOf(0), (GlobalType{kI64, true}));
  EXPECT_EQ(module->num_tables(), 1u);
  EXPECT_EQ(module->num_memories(), 1u);
  EXPECT_EQ(module->num_globals(), 1u);
}

TEST(Decoder, RejectsMalformedImportKind) {
  TestModule m;
  m.imports = {Cat({Name("env"), Name("x"), Bytes{0x05, 0x00}})};  // 4 is a tag
  EXPECT_EQ(DecodeError(m.Build()), Errc::kBadImportKind);
}

TEST(Decoder, RejectsMalformedUtf8Name) {
  TestModule m;
  m.imports = {Cat({Bytes{0x02, 0xC0, 0x80}, Name("x"), Bytes{0x00, 0x00}})};  // overlong NUL
  EXPECT_EQ(DecodeError(m.Build()), Errc::kBadUtf8);
}

TEST(Decoder, RejectsMalformedLimitsFlags) {
  TestModule m;
  m.memories = {{0x02, 0x00}};
  EXPECT_EQ(DecodeError(m.Build()), Errc::kBadLimits);
  m.memories = {{0x81, 0x00, 0x00}};  // the flags are a byte, not a LEB
  EXPECT_EQ(DecodeError(m.Build()), Errc::kBadLimits);
}

TEST(Decoder, RejectsMalformedMutability) {
  TestModule m;
  m.globals = {{0x7F, 0x02, 0x41, 0x00, 0x0B}};
  EXPECT_EQ(DecodeError(m.Build()), Errc::kBadMutability);
}

TEST(Decoder, RejectsMalformedReferenceType) {
  TestModule m;
  m.tables = {{0x7F, 0x00, 0x01}};
  EXPECT_EQ(DecodeError(m.Build()), Errc::kBadRefType);
}

TEST(Decoder, DecodesTablesAndMemories) {
  TestModule m;
  m.tables = {{0x70, 0x00, 0x03}, {0x6F, 0x01, 0x00, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F}};
  m.memories = {{0x01, 0x01, 0x80, 0x80, 0x04}};
  auto module = DecodeOk(m.Build());
  ASSERT_NE(module, nullptr);
  ASSERT_EQ(module->tables.size(), 2u);
  EXPECT_EQ(module->tables[0], (TableType{ValType::kFuncRef, {3, std::nullopt}}));
  EXPECT_EQ(module->tables[1], (TableType{ValType::kExternRef, {0, 0xFFFFFFFFu}}));
  EXPECT_EQ(module->memories[0].limits, (Limits{1, 65536}));
}

TEST(Decoder, DecodesGlobalInitializers) {
  TestModule m;
  m.globals = {{0x7F, 0x00, 0x41, 0x7F, 0x0B},                 // i32 = -1
               {0x70, 0x01, 0xD0, 0x70, 0x0B},                 // mut funcref = ref.null func
               {0x7F, 0x00, 0x41, 0x01, 0x41, 0x02, 0x6A, 0x0B}};  // not constant, still decodes
  auto module = DecodeOk(m.Build());
  ASSERT_NE(module, nullptr);
  ASSERT_EQ(module->globals.size(), 3u);
  const ConstExpr& init = module->globals[0].init;
  ASSERT_EQ(init.instrs.size(), 1u);
  EXPECT_EQ(init.instrs[0].op, Opcode::I32Const);
  EXPECT_EQ(init.instrs[0].bits, 0xFFFFFFFFu);
  EXPECT_EQ(init.offset, 13u);
  EXPECT_EQ(init.instrs[0].offset, 13u);
  EXPECT_EQ(module->globals[1].type, (GlobalType{ValType::kFuncRef, true}));
  EXPECT_EQ(module->globals[1].init.instrs[0].type, ValType::kFuncRef);
  ASSERT_EQ(module->globals[2].init.instrs.size(), 3u);
  EXPECT_EQ(module->globals[2].init.instrs[2].op, Opcode::I32Add);
}

TEST(Decoder, KeepsNestedBlocksOfConstantExpressionsWhole) {
  TestModule m;
  m.globals = {{0x7F, 0x00, 0x02, 0x40, 0x0B, 0x41, 0x00, 0x0B}};  // block end i32.const 0 end
  auto module = DecodeOk(m.Build());
  ASSERT_NE(module, nullptr);
  ASSERT_EQ(module->globals[0].init.instrs.size(), 3u);
}

TEST(Decoder, RejectsUnterminatedConstantExpression) {
  TestModule m;
  m.globals = {{0x7F, 0x00, 0x41, 0x00}};
  EXPECT_EQ(DecodeError(m.Build()), Errc::kEndExpected);
}

TEST(Decoder, DecodesExportsAndStart) {
  TestModule m = testing::OneFunction({}, {}, {0x0B});
  m.exports = {Cat({Name("run"), Bytes{0x00, 0x00}}), Cat({Name("mem"), Bytes{0x02, 0x00}})};
  m.start = 0;
  auto module = DecodeOk(m.Build());
  ASSERT_NE(module, nullptr);
  ASSERT_EQ(module->exports.size(), 2u);
  EXPECT_EQ(module->exports[0].name, "run");
  EXPECT_EQ(module->exports[1].kind, ExternKind::kMemory);
  EXPECT_EQ(module->start, 0u);
}

TEST(Decoder, RejectsMalformedExportKind) {
  TestModule m;
  m.exports = {Cat({Name("x"), Bytes{0x05, 0x00}})};  // 4 is a tag
  EXPECT_EQ(DecodeError(m.Build()), Errc::kBadExportKind);
}

TEST(Decoder, DecodesAllElementSegmentEncodings) {
  TestModule m = testing::OneFunction({}, {}, {0x0B});
  const Bytes offset = {0x41, 0x00, 0x0B};
  const Bytes funcs = Vec({Leb(0), Leb(0)});
  const Bytes exprs = Vec({{0xD2, 0x00, 0x0B}, {0xD0, 0x70, 0x0B}});
  m.elems = {
      Cat({Leb(0), offset, funcs}),                     // active, table 0, function indices
      Cat({Leb(1), Bytes{0x00}, funcs}),                // passive, elemkind
      Cat({Leb(2), Leb(1), offset, Bytes{0x00}, funcs}),  // active, table 1, elemkind
      Cat({Leb(3), Bytes{0x00}, funcs}),                // declarative, elemkind
      Cat({Leb(4), offset, exprs}),                     // active, table 0, expressions
      Cat({Leb(5), Bytes{0x6F}, Vec({{0xD0, 0x6F, 0x0B}})}),  // passive externref
      Cat({Leb(6), Leb(1), offset, Bytes{0x70}, exprs}),  // active, table 1, reftype
      Cat({Leb(7), Bytes{0x70}, exprs}),                // declarative, reftype
  };
  auto module = DecodeOk(m.Build());
  ASSERT_NE(module, nullptr);
  ASSERT_EQ(module->elems.size(), 8u);
  const SegmentMode modes[] = {SegmentMode::kActive,      SegmentMode::kPassive, SegmentMode::kActive,
                               SegmentMode::kDeclarative, SegmentMode::kActive,  SegmentMode::kPassive,
                               SegmentMode::kActive,      SegmentMode::kDeclarative};
  const uint32_t tables[] = {0, 0, 1, 0, 0, 0, 1, 0};
  for (size_t i = 0; i < 8; ++i) {
    SCOPED_TRACE(i);
    const ElemSegment& seg = module->elems[i];
    EXPECT_EQ(seg.mode, modes[i]);
    if (seg.mode == SegmentMode::kActive) {
      EXPECT_EQ(seg.table_index, tables[i]);
      ASSERT_EQ(seg.offset.instrs.size(), 1u);
      EXPECT_EQ(seg.offset.instrs[0].op, Opcode::I32Const);
    }
    EXPECT_EQ(seg.type, i == 5 ? ValType::kExternRef : ValType::kFuncRef);
    EXPECT_EQ(seg.items.size(), i == 5 ? 1u : 2u);
  }
  // Function indices become `ref.func x` items.
  EXPECT_EQ(module->elems[0].items[0].instrs[0].op, Opcode::RefFunc);
  EXPECT_EQ(module->elems[4].items[1].instrs[0].op, Opcode::RefNull);
  ASSERT_EQ(module->sections[2].id, SectionId::kElem);
  EXPECT_EQ(module->elems[0].position, module->sections[2].range.offset + 1);
}

TEST(Decoder, RejectsMalformedElementSegments) {
  TestModule m;
  m.elems = {Cat({Leb(8), Vec({})})};
  EXPECT_EQ(DecodeError(m.Build()), Errc::kBadElemKind);
  m.elems = {Cat({Leb(1), Bytes{0x01}, Vec({})})};  // elemkind must be 0x00
  EXPECT_EQ(DecodeError(m.Build()), Errc::kBadElemKind);
  m.elems = {Cat({Leb(5), Bytes{0x7F}, Vec({})})};
  EXPECT_EQ(DecodeError(m.Build()), Errc::kBadRefType);
}

TEST(Decoder, DecodesAllDataSegmentEncodings) {
  TestModule m;
  m.memories = {{0x00, 0x01}};
  m.datas = {Cat({Leb(0), Bytes{0x41, 0x08, 0x0B}, Vec({{'h'}, {'i'}})}), Cat({Leb(1), Leb(1), Bytes{'x'}}),
             Cat({Leb(2), Leb(0), Bytes{0x41, 0x00, 0x0B}, Leb(0)})};
  m.data_count = 3;
  auto module = DecodeOk(m.Build());
  ASSERT_NE(module, nullptr);
  ASSERT_EQ(module->datas.size(), 3u);
  EXPECT_EQ(module->datas[0].mode, SegmentMode::kActive);
  EXPECT_EQ(module->datas[0].init.size, 2u);
  EXPECT_EQ(module->Slice(module->datas[0].init)[0], 'h');
  EXPECT_EQ(module->datas[1].mode, SegmentMode::kPassive);
  EXPECT_EQ(module->Slice(module->datas[1].init)[0], 'x');
  EXPECT_EQ(module->datas[2].mode, SegmentMode::kActive);
  EXPECT_EQ(module->datas[2].init.size, 0u);
}

TEST(Decoder, RejectsMalformedDataSegments) {
  TestModule m;
  m.datas = {Cat({Leb(3), Leb(0)})};
  EXPECT_EQ(DecodeError(m.Build()), Errc::kBadDataKind);
  m.datas = {Cat({Leb(1), Leb(5), Bytes{'a'}})};
  EXPECT_EQ(DecodeError(m.Build()), Errc::kUnexpectedEnd);
}

TEST(Decoder, DecodesFunctionBodies) {
  TestModule m = testing::OneFunction({kI32}, {}, {0x01, 0x0B}, {{2, kI64}, {1, kF32}});
  Bytes bytes = m.Build();
  auto module = DecodeOk(bytes);
  ASSERT_NE(module, nullptr);
  ASSERT_EQ(module->code.size(), 1u);
  const FunctionBody& body = module->code[0];
  ASSERT_EQ(body.locals.size(), 2u);
  EXPECT_EQ(body.locals[0].count, 2u);
  EXPECT_EQ(body.locals[0].type, kI64);
  EXPECT_EQ(body.local_count, 3u);
  EXPECT_EQ(body.whole.size, 7u);
  EXPECT_EQ(body.code.offset, body.whole.offset + 5);
  EXPECT_EQ(body.code.size, 2u);
  EXPECT_EQ(bytes[body.code.offset + body.code.size - 1], 0x0B);
}

TEST(Decoder, RejectsTooManyLocals) {
  TestModule m = testing::OneFunction({}, {}, {0x0B}, {{30000, kI32}, {20001, kI64}});
  EXPECT_EQ(DecodeError(m.Build()), Errc::kTooManyLocals);
  // Counts whose sum overflows 32 bits.
  m = testing::OneFunction({}, {}, {0x0B}, {{0xFFFFFFFF, kI32}, {2, kI32}});
  EXPECT_EQ(DecodeError(m.Build()), Errc::kTooManyLocals);
  m = testing::OneFunction({}, {}, {0x0B}, {{50000, kI32}});
  EXPECT_NE(DecodeOk(m.Build()), nullptr);
}

TEST(Decoder, RejectsFunctionAndCodeSectionMismatch) {
  TestModule m = testing::OneFunction({}, {}, {0x0B});
  m.bodies.clear();
  EXPECT_EQ(DecodeError(m.Build()), Errc::kFunctionCodeMismatch);
  m = testing::OneFunction({}, {}, {0x0B});
  m.funcs.clear();
  EXPECT_EQ(DecodeError(m.Build()), Errc::kFunctionCodeMismatch);
}

TEST(Decoder, RejectsDataCountMismatch) {
  TestModule m;
  m.data_count = 1;
  EXPECT_EQ(DecodeError(m.Build()), Errc::kDataCountMismatch);
  m.datas = {Cat({Leb(1), Leb(0)}), Cat({Leb(1), Leb(0)})};
  EXPECT_EQ(DecodeError(m.Build()), Errc::kDataCountMismatch);
}

TEST(Decoder, RejectsTruncatedFunctionBody) {
  Bytes bytes = Cat({Header(), Section(1, Vec({FuncTypeBytes({}, {})})), Section(3, Vec({Leb(0)})),
                     Section(10, {0x01, 0x05, 0x00, 0x0B})});
  EXPECT_EQ(DecodeError(bytes), Errc::kUnexpectedEnd);
}

TEST(Decoder, LeavesBodyInstructionsForTheValidator) {
  // An illegal opcode in a body is found by CheckBodiesDecode/Validate, not Decode.
  TestModule m = testing::OneFunction({}, {}, {0x06, 0x0B});
  EXPECT_NE(DecodeOk(m.Build()), nullptr);
}

}  // namespace
}  // namespace cella::wasm
