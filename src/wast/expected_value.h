// wast/expected_value.h: what an assert_return expects of one result (exact bits, a NaN
// class, a null or non-null reference, v128 lanes, or `either` alternatives), matching a
// Value against it, and how values print in `cella wast` failure lines. Pure functions.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "cella/value.h"

namespace cella::wast {

// The lane interpretation of a v128 in wast2json output ("lane_type").
enum class LaneType : uint8_t { kI8, kI16, kI32, kI64, kF32, kF64 };

std::string_view LaneTypeName(LaneType lane_type);  // "i8" … "f64"
int LaneCount(LaneType lane_type);                  // 16, 8, 4, 2, 4, 2
int LaneBytes(LaneType lane_type);                  // 1, 2, 4, 8, 4, 8
// The scalar type a lane's expectation uses: kI32 for i8/i16/i32 lanes.
ValType LaneScalarType(LaneType lane_type);

// Little-endian lane `index` of `v` (zero-extended), and the inverse.
uint64_t GetLane(const V128& v, LaneType lane_type, int index);
void SetLane(V128& v, LaneType lane_type, int index, uint64_t bits);

struct ExpectedValue {
  enum class Kind : uint8_t {
    kBits,           // a number with exactly these bits (floats compare bit for bit)
    kCanonicalNan,   // f32/f64 "nan:canonical": quiet NaN with an empty payload, either sign
    kArithmeticNan,  // f32/f64 "nan:arithmetic": any NaN with the quiet bit set
    kNullRef,        // a null funcref/externref
    kNonNullRef,     // any non-null reference of `type` ("ref.func" / "ref.extern" alone)
    kExternRef,      // a non-null externref whose host handle is `bits`
    kV128,           // v128: `elements` holds one expectation per lane of `lane_type`
    kEither,         // any of `elements` (the "either" form)
  };

  Kind kind = Kind::kBits;
  // The value type; for a v128 lane, the lane's scalar type (kI32 for i8/i16 lanes).
  // Unused for kEither.
  ValType type = ValType::kI32;
  uint64_t bits = 0;  // kBits: the value (a lane's bits inside a v128); kExternRef: the handle
  LaneType lane_type = LaneType::kI32;  // kV128
  std::vector<ExpectedValue> elements;  // kV128 lanes, or kEither alternatives

  static ExpectedValue Bits(ValType type, uint64_t bits);
  static ExpectedValue Nan(ValType type, Kind nan_kind);
  static ExpectedValue NullRef(ValType type);
  static ExpectedValue NonNullRef(ValType type);
  static ExpectedValue ExternRef(uint64_t handle);
  static ExpectedValue Lanes(LaneType lane_type, std::vector<ExpectedValue> lanes);
  static ExpectedValue Either(std::vector<ExpectedValue> alternatives);
};

bool IsCanonicalNan32(uint32_t bits);
bool IsArithmeticNan32(uint32_t bits);
bool IsCanonicalNan64(uint64_t bits);
bool IsArithmeticNan64(uint64_t bits);

// Type and value agree (a v128 lane by lane; `either` when one alternative does).
bool Matches(const ExpectedValue& expected, const Value& actual);
// Same count, and each result matches its expectation.
bool MatchesAll(std::span<const ExpectedValue> expected, std::span<const Value> actual);
// True when `expected` (or one of its alternatives) is a v128.
bool UsesV128(const ExpectedValue& expected);

// Numbers as "i32:42", "i32:-1 (0xffffffff)", "f32:1.5 (0x3fc00000)",
// "f64:nan:0x8000000000000 (0x7ff8…)"; references and v128 as Value::ToString() prints them.
std::string FormatValue(const Value& value);
// "f32:nan:canonical", "funcref:non-null", "v128:i32x4[1, 2, 3, 4]", "either(i32:1 | i32:2)".
std::string FormatExpected(const ExpectedValue& expected);
// One value as itself, several as "(a, b)", none as "()".
std::string FormatValues(std::span<const Value> values);
std::string FormatExpectedList(std::span<const ExpectedValue> expected);

}  // namespace cella::wast
