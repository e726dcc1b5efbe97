// tests/base/reader_test.cc: exact LEB128 decoding and bounds checks of base::Reader.
#include "base/reader.h"

#include <gtest/gtest.h>

#include <vector>

namespace cella::base {
namespace {

Result<uint32_t> U32(std::vector<uint8_t> bytes) {
  Reader r(bytes);
  return r.ReadVarU32();
}
Result<int32_t> S32(std::vector<uint8_t> bytes) {
  Reader r(bytes);
  return r.ReadVarS32();
}
Result<int64_t> S64(std::vector<uint8_t> bytes) {
  Reader r(bytes);
  return r.ReadVarS64();
}
Result<uint64_t> U64(std::vector<uint8_t> bytes) {
  Reader r(bytes);
  return r.ReadVarU64();
}

TEST(Reader, DecodesUnsignedLeb) {
  EXPECT_EQ(*U32({0x00}), 0u);
  EXPECT_EQ(*U32({0xE5, 0x8E, 0x26}), 624485u);
  EXPECT_EQ(*U32({0x80, 0x80, 0x80, 0x80, 0x00}), 0u);  // padded but within 5 bytes
  EXPECT_EQ(*U32({0xFF, 0xFF, 0xFF, 0xFF, 0x0F}), 0xFFFFFFFFu);
}

TEST(Reader, RejectsOverLongUnsigned) {
  auto r = U32({0x80, 0x80, 0x80, 0x80, 0x80, 0x00});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, Errc::kIntegerTooLong);
}

TEST(Reader, RejectsUnusedBitsUnsigned) {
  auto r = U32({0xFF, 0xFF, 0xFF, 0xFF, 0x1F});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, Errc::kIntegerTooLarge);
}

TEST(Reader, DecodesSignedLeb) {
  EXPECT_EQ(*S32({0x7F}), -1);
  EXPECT_EQ(*S32({0xC0, 0xBB, 0x78}), -123456);
  EXPECT_EQ(*S32({0xFF, 0xFF, 0xFF, 0xFF, 0x7F}), -1);
  EXPECT_EQ(*S32({0x80, 0x80, 0x80, 0x80, 0x78}), INT32_MIN);
  EXPECT_EQ(*S64({0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x7F}), INT64_MIN);
  EXPECT_EQ(*U64({0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01}), UINT64_MAX);
}

TEST(Reader, RejectsBadSignExtensionBits) {
  auto r = S32({0xFF, 0xFF, 0xFF, 0xFF, 0x4F});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, Errc::kIntegerTooLarge);
  auto r2 = S32({0x80, 0x80, 0x80, 0x80, 0x70});
  ASSERT_FALSE(r2.ok());
  EXPECT_EQ(r2.error().code, Errc::kIntegerTooLarge);
  auto r3 = S64({0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x41});
  ASSERT_FALSE(r3.ok());
}

TEST(Reader, ReportsTruncationWithOffset) {
  std::vector<uint8_t> bytes{0x01, 0x80};
  Reader r(bytes, 0x100);
  ASSERT_TRUE(r.ReadU8().ok());
  auto v = r.ReadVarU32();
  ASSERT_FALSE(v.ok());
  EXPECT_EQ(v.error().code, Errc::kUnexpectedEnd);
  EXPECT_NE(v.error().message.find("0x101"), std::string::npos) << v.error().message;
}

TEST(Reader, ValidatesUtf8Names) {
  EXPECT_TRUE(IsValidUtf8("h\xC3\xA9llo"));
  EXPECT_FALSE(IsValidUtf8("\xC0\x80"));          // overlong NUL
  EXPECT_FALSE(IsValidUtf8("\xED\xA0\x80"));      // surrogate
  EXPECT_FALSE(IsValidUtf8("\xF4\x90\x80\x80"));  // > U+10FFFF
  EXPECT_FALSE(IsValidUtf8("\xE2\x82"));          // truncated
  std::vector<uint8_t> name{0x02, 0xC3, 0x28};
  Reader r(name);
  auto n = r.ReadName();
  ASSERT_FALSE(n.ok());
  EXPECT_EQ(n.error().code, Errc::kBadUtf8);
}

}  // namespace
}  // namespace cella::base
