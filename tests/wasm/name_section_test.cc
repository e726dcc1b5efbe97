// tests/wasm/name_section_test.cc: the "name" custom section: module, function and local
// names, and lenient handling (a malformed name section is ignored, never an error).
#include "wasm/name_section.h"

#include <gtest/gtest.h>

#include "test_module.h"

namespace cella::wasm {
namespace {

using testing::Bytes;
using testing::Cat;
using testing::Leb;
using testing::Name;
using testing::Vec;

Bytes Subsection(uint8_t id, const Bytes& content) { return Cat({Bytes{id}, Leb(content.size()), content}); }

Bytes NameSectionBytes() {
  return Cat({
      Subsection(0, Name("demo")),
      Subsection(1, Vec({Cat({Leb(0), Name("main")}), Cat({Leb(2), Name("helper")})})),
      Subsection(2, Vec({Cat({Leb(0), Vec({Cat({Leb(0), Name("x")}), Cat({Leb(1), Name("y")})})})})),
      Subsection(7, Vec({Cat({Leb(0), Name("counter")})})),  // global names: skipped
  });
}

std::unique_ptr<Module> DecodeWithCustom(const Bytes& content, const DecodeOptions& options = {}) {
  testing::TestModule m = testing::OneFunction({}, {}, {0x0B});
  m.customs.push_back(Cat({Name("name"), content}));
  auto module = Decode(m.Build(), options);
  EXPECT_TRUE(module.ok()) << module.error().ToString();
  return module.ok() ? std::move(module).value() : nullptr;
}

TEST(NameSection, ParsesModuleFunctionAndLocalNames) {
  auto names = ParseNameSection(NameSectionBytes());
  ASSERT_TRUE(names.ok()) << names.error().ToString();
  EXPECT_EQ(names->module_name, "demo");
  EXPECT_EQ(names->function_names.size(), 2u);
  EXPECT_EQ(names->function_names.at(2), "helper");
  EXPECT_EQ(names->local_names.at(0).at(1), "y");
}

TEST(NameSection, DecoderFillsModuleNames) {
  auto module = DecodeWithCustom(NameSectionBytes());
  ASSERT_NE(module, nullptr);
  EXPECT_EQ(module->names.module_name, "demo");
  EXPECT_EQ(module->FunctionName(0), "main");
  EXPECT_EQ(module->FunctionName(1), "");
  ASSERT_EQ(module->customs.size(), 1u);
  EXPECT_EQ(module->customs[0].name, "name");
}

TEST(NameSection, CanBeSkipped) {
  DecodeOptions options;
  options.parse_names = false;
  auto module = DecodeWithCustom(NameSectionBytes(), options);
  ASSERT_NE(module, nullptr);
  EXPECT_TRUE(module->names.function_names.empty());
}

TEST(NameSection, IgnoresTruncatedSection) {
  Bytes truncated = NameSectionBytes();
  truncated.resize(truncated.size() - 3);
  EXPECT_FALSE(ParseNameSection(truncated).ok());
  auto module = DecodeWithCustom(truncated);
  ASSERT_NE(module, nullptr);
  EXPECT_TRUE(module->names.module_name.empty());
  EXPECT_TRUE(module->names.function_names.empty());
}

TEST(NameSection, IgnoresSubsectionsOutOfOrder) {
  Bytes content = Cat({Subsection(1, Vec({})), Subsection(0, Name("late"))});
  EXPECT_EQ(ParseNameSection(content).error().code, Errc::kSectionOutOfOrder);
  auto module = DecodeWithCustom(content);
  ASSERT_NE(module, nullptr);
  EXPECT_TRUE(module->names.module_name.empty());
}

TEST(NameSection, IgnoresMalformedUtf8) {
  Bytes content = Subsection(0, {0x01, 0xFF});
  EXPECT_EQ(ParseNameSection(content).error().code, Errc::kBadUtf8);
  EXPECT_NE(DecodeWithCustom(content), nullptr);
}

TEST(NameSection, IgnoresSubsectionSizeMismatch) {
  Bytes content = Subsection(0, Cat({Name("m"), Bytes{0x00}}));
  EXPECT_EQ(ParseNameSection(content).error().code, Errc::kSectionSizeMismatch);
}

TEST(NameSection, UsesOnlyTheFirstNameSection) {
  testing::TestModule m = testing::OneFunction({}, {}, {0x0B});
  m.customs.push_back(Cat({Name("name"), Subsection(0, Name("first"))}));
  m.customs.push_back(Cat({Name("name"), Subsection(0, Name("second"))}));
  auto module = testing::DecodeOk(m.Build());
  ASSERT_NE(module, nullptr);
  EXPECT_EQ(module->names.module_name, "first");
}

}  // namespace
}  // namespace cella::wasm
