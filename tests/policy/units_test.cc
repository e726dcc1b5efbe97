// tests/policy/units_test.cc: sizes and durations as written on command lines and in
// manifests.
#include <gtest/gtest.h>

#include "policy/units.h"

namespace cella::policy {
namespace {

TEST(Units, SizesUsePowersOf1024) {
  EXPECT_EQ(*ParseSize("4096"), 4096u);
  EXPECT_EQ(*ParseSize("256M"), 256u << 20);
  EXPECT_EQ(*ParseSize("1GiB"), 1u << 30);
  EXPECT_EQ(*ParseSize("64k"), 64u << 10);
  EXPECT_EQ(*ParseSize("1.5K"), 1536u);
  EXPECT_EQ(*ParseSize("2 mb"), 2u << 20);
}

TEST(Units, BadSizesAreRefusedWithTheText) {
  for (const char* text : {"", "M", "-1", "12X", "1.3", "lots", "99999999999T"}) {
    auto size = ParseSize(text);
    ASSERT_FALSE(size.ok()) << text;
    EXPECT_NE(size.error().message.find(std::string("'") + text + "'"), std::string::npos);
  }
}

TEST(Units, DurationsAcceptUnitsAndBareSeconds) {
  EXPECT_EQ(*ParseDuration("5s"), 5'000'000'000);
  EXPECT_EQ(*ParseDuration("250ms"), 250'000'000);
  EXPECT_EQ(*ParseDuration("1.5"), 1'500'000'000);
  EXPECT_EQ(*ParseDuration("2m"), 120'000'000'000);
  EXPECT_EQ(*ParseDuration("10us"), 10'000);
  EXPECT_FALSE(ParseDuration("soon").ok());
  EXPECT_FALSE(ParseDuration("5 fortnights").ok());
}

TEST(Units, FormattingPicksAReadableUnit) {
  EXPECT_EQ(FormatDuration(1'500'000'000), "1.50 s");
  EXPECT_EQ(FormatDuration(12'300'000), "12.3 ms");
  EXPECT_EQ(FormatSize(64u << 20), "64.0 MiB");
  EXPECT_EQ(FormatSize(512), "512 B");
}

}  // namespace
}  // namespace cella::policy
