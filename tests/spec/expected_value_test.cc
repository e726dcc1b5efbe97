// tests/spec/expected_value_test.cc: matching results against assert_return
// expectations (bit-exact floats, NaN classes, references, v128 lanes, either) and value
// formatting for failure lines.
#include "wast/expected_value.h"

#include <gtest/gtest.h>

#include <vector>

namespace cella::wast {
namespace {

using Kind = ExpectedValue::Kind;

TEST(ExpectedValue, IntegersMatchByBits) {
  EXPECT_TRUE(Matches(ExpectedValue::Bits(ValType::kI32, 0xffffffff), Value::I32(0xffffffff)));
  EXPECT_FALSE(Matches(ExpectedValue::Bits(ValType::kI32, 1), Value::I32(2)));
  EXPECT_TRUE(Matches(ExpectedValue::Bits(ValType::kI64, 0x8000000000000000), Value::I64(0x8000000000000000)));
}

TEST(ExpectedValue, TypeMustAgree) {
  EXPECT_FALSE(Matches(ExpectedValue::Bits(ValType::kI32, 0), Value::I64(0)));
  EXPECT_FALSE(Matches(ExpectedValue::Bits(ValType::kF32, 0), Value::I32(0)));
  EXPECT_FALSE(Matches(ExpectedValue::Bits(ValType::kF64, 0), Value::F32Bits(0)));
  EXPECT_FALSE(Matches(ExpectedValue::NullRef(ValType::kFuncRef), Value::NullRef(ValType::kExternRef)));
}

TEST(ExpectedValue, I32IgnoresUpperSlotBits) {
  EXPECT_TRUE(Matches(ExpectedValue::Bits(ValType::kI32, 7), Value::FromRaw(ValType::kI32, 0xdead'0000'0000'0007)));
}

TEST(ExpectedValue, FloatsCompareBitForBit) {
  EXPECT_TRUE(Matches(ExpectedValue::Bits(ValType::kF32, 0x3fc00000), Value::F32(1.5f)));
  // +0 and -0 are == as floats but differ as bits.
  EXPECT_FALSE(Matches(ExpectedValue::Bits(ValType::kF32, 0x80000000), Value::F32(0.0f)));
  EXPECT_FALSE(Matches(ExpectedValue::Bits(ValType::kF64, 0x8000000000000000), Value::F64(0.0)));
  // A NaN matches its exact bits (NaN != NaN as floats).
  EXPECT_TRUE(Matches(ExpectedValue::Bits(ValType::kF32, 0x7fa00001), Value::F32Bits(0x7fa00001)));
  EXPECT_FALSE(Matches(ExpectedValue::Bits(ValType::kF32, 0x7fa00001), Value::F32Bits(0x7fa00002)));
  EXPECT_TRUE(Matches(ExpectedValue::Bits(ValType::kF64, 0xfff0000000000001), Value::F64Bits(0xfff0000000000001)));
}

TEST(ExpectedValue, CanonicalNanAcceptsOnlyTheEmptyPayloadOfEitherSign) {
  ExpectedValue f32 = ExpectedValue::Nan(ValType::kF32, Kind::kCanonicalNan);
  EXPECT_TRUE(Matches(f32, Value::F32Bits(0x7fc00000)));
  EXPECT_TRUE(Matches(f32, Value::F32Bits(0xffc00000)));
  EXPECT_FALSE(Matches(f32, Value::F32Bits(0x7fc00001)));
  EXPECT_FALSE(Matches(f32, Value::F32Bits(0x7fa00000)));  // signalling
  EXPECT_FALSE(Matches(f32, Value::F32Bits(0x7f800000)));  // infinity
  ExpectedValue f64 = ExpectedValue::Nan(ValType::kF64, Kind::kCanonicalNan);
  EXPECT_TRUE(Matches(f64, Value::F64Bits(0x7ff8000000000000)));
  EXPECT_TRUE(Matches(f64, Value::F64Bits(0xfff8000000000000)));
  EXPECT_FALSE(Matches(f64, Value::F64Bits(0x7ff8000000000001)));
  EXPECT_FALSE(Matches(f64, Value::F32Bits(0x7fc00000)));
}

TEST(ExpectedValue, ArithmeticNanNeedsTheQuietBit) {
  ExpectedValue f32 = ExpectedValue::Nan(ValType::kF32, Kind::kArithmeticNan);
  EXPECT_TRUE(Matches(f32, Value::F32Bits(0x7fc00000)));
  EXPECT_TRUE(Matches(f32, Value::F32Bits(0xffc12345)));
  EXPECT_FALSE(Matches(f32, Value::F32Bits(0x7f812345)));  // signalling
  EXPECT_FALSE(Matches(f32, Value::F32(1.0f)));
  ExpectedValue f64 = ExpectedValue::Nan(ValType::kF64, Kind::kArithmeticNan);
  EXPECT_TRUE(Matches(f64, Value::F64Bits(0x7ffc000000000001)));
  EXPECT_FALSE(Matches(f64, Value::F64Bits(0x7ff4000000000000)));
}

TEST(ExpectedValue, NanClassifiers) {
  EXPECT_TRUE(IsCanonicalNan32(0xffc00000));
  EXPECT_FALSE(IsCanonicalNan32(0x7fe00000));
  EXPECT_TRUE(IsArithmeticNan32(0x7fe00000));
  EXPECT_TRUE(IsCanonicalNan64(0x7ff8000000000000));
  EXPECT_TRUE(IsArithmeticNan64(0xfffc000000000000));
  EXPECT_FALSE(IsArithmeticNan64(0x7ff0000000000001));
}

TEST(ExpectedValue, References) {
  EXPECT_TRUE(Matches(ExpectedValue::NullRef(ValType::kFuncRef), Value::NullRef(ValType::kFuncRef)));
  EXPECT_FALSE(Matches(ExpectedValue::NullRef(ValType::kFuncRef), Value::FuncRef(Ref{5})));
  EXPECT_TRUE(Matches(ExpectedValue::NonNullRef(ValType::kFuncRef), Value::FuncRef(Ref{5})));
  EXPECT_FALSE(Matches(ExpectedValue::NonNullRef(ValType::kFuncRef), Value::NullRef(ValType::kFuncRef)));
  EXPECT_TRUE(Matches(ExpectedValue::ExternRef(0), Value::ExternRef(0)));
  EXPECT_TRUE(Matches(ExpectedValue::ExternRef(42), Value::ExternRef(42)));
  EXPECT_FALSE(Matches(ExpectedValue::ExternRef(42), Value::ExternRef(43)));
  EXPECT_FALSE(Matches(ExpectedValue::ExternRef(0), Value::NullRef(ValType::kExternRef)));
  EXPECT_TRUE(Matches(ExpectedValue::NullRef(ValType::kExternRef), Value::NullRef(ValType::kExternRef)));
}

TEST(ExpectedValue, EitherMatchesAnyAlternative) {
  ExpectedValue either = ExpectedValue::Either(
      {ExpectedValue::Bits(ValType::kI32, 1), ExpectedValue::Nan(ValType::kF32, Kind::kCanonicalNan)});
  EXPECT_TRUE(Matches(either, Value::I32(1)));
  EXPECT_TRUE(Matches(either, Value::F32Bits(0x7fc00000)));
  EXPECT_FALSE(Matches(either, Value::I32(2)));
}

TEST(ExpectedValue, MatchesAllChecksCountAndOrder) {
  std::vector<ExpectedValue> expected = {ExpectedValue::Bits(ValType::kI32, 1), ExpectedValue::Bits(ValType::kI64, 2)};
  std::vector<Value> good = {Value::I32(1), Value::I64(2)};
  std::vector<Value> swapped = {Value::I64(2), Value::I32(1)};
  std::vector<Value> short_list = {Value::I32(1)};
  EXPECT_TRUE(MatchesAll(expected, good));
  EXPECT_FALSE(MatchesAll(expected, swapped));
  EXPECT_FALSE(MatchesAll(expected, short_list));
  EXPECT_TRUE(MatchesAll({}, {}));
}

TEST(ExpectedValue, LanesAreLittleEndian) {
  V128 v;
  SetLane(v, LaneType::kI32, 1, 0x11223344);
  EXPECT_EQ(v.bytes[4], 0x44);
  EXPECT_EQ(v.bytes[7], 0x11);
  EXPECT_EQ(GetLane(v, LaneType::kI32, 1), 0x11223344u);
  EXPECT_EQ(GetLane(v, LaneType::kI16, 2), 0x3344u);
  EXPECT_EQ(GetLane(v, LaneType::kI8, 7), 0x11u);
  EXPECT_EQ(LaneCount(LaneType::kI8), 16);
  EXPECT_EQ(LaneCount(LaneType::kF64), 2);
}

TEST(ExpectedValue, V128MatchesLaneByLaneWithNanClasses) {
  V128 v;
  SetLane(v, LaneType::kF32, 0, 0x7fc00000);
  SetLane(v, LaneType::kF32, 1, 0x3f800000);
  std::vector<ExpectedValue> lanes = {ExpectedValue::Nan(ValType::kF32, Kind::kCanonicalNan),
                                      ExpectedValue::Bits(ValType::kF32, 0x3f800000),
                                      ExpectedValue::Bits(ValType::kF32, 0), ExpectedValue::Bits(ValType::kF32, 0)};
  EXPECT_TRUE(Matches(ExpectedValue::Lanes(LaneType::kF32, lanes), Value::FromV128(v)));
  lanes[2] = ExpectedValue::Bits(ValType::kF32, 0x80000000);
  EXPECT_FALSE(Matches(ExpectedValue::Lanes(LaneType::kF32, lanes), Value::FromV128(v)));
  EXPECT_TRUE(UsesV128(ExpectedValue::Lanes(LaneType::kF32, lanes)));
  EXPECT_TRUE(UsesV128(ExpectedValue::Either({ExpectedValue::Lanes(LaneType::kF32, lanes)})));
  EXPECT_FALSE(UsesV128(ExpectedValue::Bits(ValType::kI32, 0)));
}

TEST(FormatValue, Numbers) {
  EXPECT_EQ(FormatValue(Value::I32(42)), "i32:42");
  EXPECT_EQ(FormatValue(Value::I32(0xffffffff)), "i32:-1 (0xffffffff)");
  EXPECT_EQ(FormatValue(Value::I64(0x8000000000000000)), "i64:-9223372036854775808 (0x8000000000000000)");
  EXPECT_EQ(FormatValue(Value::F32(1.5f)), "f32:1.5 (0x3fc00000)");
  EXPECT_EQ(FormatValue(Value::F32Bits(0x80000000)), "f32:-0 (0x80000000)");
  EXPECT_EQ(FormatValue(Value::F32Bits(0xff800000)), "f32:-inf (0xff800000)");
  EXPECT_EQ(FormatValue(Value::F32Bits(0x7fc00000)), "f32:nan:0x400000 (0x7fc00000)");
  EXPECT_EQ(FormatValue(Value::F64(0.1)), "f64:0.10000000000000001 (0x3fb999999999999a)");
  EXPECT_EQ(FormatValue(Value::F64Bits(0xfff8000000000001)), "f64:-nan:0x8000000000001 (0xfff8000000000001)");
}

TEST(FormatValue, ReferencesAndV128) {
  EXPECT_EQ(FormatValue(Value::NullRef(ValType::kFuncRef)), "funcref:null");
  EXPECT_EQ(FormatValue(Value::ExternRef(7)), "externref:7");
  EXPECT_EQ(FormatValue(Value::NullRef(ValType::kExternRef)), "externref:null");
  V128 v;
  v.bytes[0] = 0xab;
  EXPECT_EQ(FormatValue(Value::FromV128(v)), "v128:0x000000000000000000000000000000ab");
}

TEST(FormatExpected, EveryKind) {
  EXPECT_EQ(FormatExpected(ExpectedValue::Bits(ValType::kI64, 5)), "i64:5");
  EXPECT_EQ(FormatExpected(ExpectedValue::Nan(ValType::kF32, Kind::kCanonicalNan)), "f32:nan:canonical");
  EXPECT_EQ(FormatExpected(ExpectedValue::Nan(ValType::kF64, Kind::kArithmeticNan)), "f64:nan:arithmetic");
  EXPECT_EQ(FormatExpected(ExpectedValue::NullRef(ValType::kFuncRef)), "funcref:null");
  EXPECT_EQ(FormatExpected(ExpectedValue::NonNullRef(ValType::kExternRef)), "externref:non-null");
  EXPECT_EQ(FormatExpected(ExpectedValue::ExternRef(3)), "externref:3");
  EXPECT_EQ(FormatExpected(ExpectedValue::Lanes(LaneType::kI64, {ExpectedValue::Bits(ValType::kI64, 1),
                                                                  ExpectedValue::Bits(ValType::kI64, 2)})),
            "v128:i64x2[1, 2]");
  EXPECT_EQ(FormatExpected(ExpectedValue::Either(
                {ExpectedValue::Bits(ValType::kI32, 1), ExpectedValue::Bits(ValType::kI32, 2)})),
            "either(i32:1 | i32:2)");
}

TEST(FormatValues, SingleBareSeveralInParentheses) {
  std::vector<Value> none;
  std::vector<Value> one = {Value::I32(1)};
  std::vector<Value> two = {Value::I32(1), Value::I64(2)};
  EXPECT_EQ(FormatValues(none), "()");
  EXPECT_EQ(FormatValues(one), "i32:1");
  EXPECT_EQ(FormatValues(two), "(i32:1, i64:2)");
}

}  // namespace
}  // namespace cella::wast
