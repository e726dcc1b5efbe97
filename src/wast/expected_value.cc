// wast/expected_value.cc: matching results against assert_return expectations and
// printing values for failure lines. Floats compare by bit pattern, never by ==.
#include "wast/expected_value.h"

#include <bit>
#include <cinttypes>
#include <cstdio>

namespace cella::wast {
namespace {

constexpr uint32_t kF32SignMask = 0x8000'0000u;
constexpr uint32_t kF32QuietNan = 0x7fc0'0000u;
constexpr uint32_t kF32ExponentMask = 0x7f80'0000u;
constexpr uint32_t kF32PayloadMask = 0x007f'ffffu;
constexpr uint64_t kF64SignMask = 0x8000'0000'0000'0000ull;
constexpr uint64_t kF64QuietNan = 0x7ff8'0000'0000'0000ull;
constexpr uint64_t kF64ExponentMask = 0x7ff0'0000'0000'0000ull;
constexpr uint64_t kF64PayloadMask = 0x000f'ffff'ffff'ffffull;

std::string Printf(const char* format, auto... args) {
  char buffer[64];
  int n = std::snprintf(buffer, sizeof buffer, format, args...);
  return std::string(buffer, n < 0 ? 0 : static_cast<size_t>(n));
}

// "1.5", "-0", "inf", "nan:0x400000" (payload), "-nan:0x1".
std::string FormatF32(uint32_t bits) {
  std::string sign = (bits & kF32SignMask) ? "-" : "";
  if ((bits & kF32ExponentMask) == kF32ExponentMask) {
    uint32_t payload = bits & kF32PayloadMask;
    if (payload == 0) return sign + "inf";
    return sign + Printf("nan:0x%" PRIx32, payload);
  }
  return Printf("%.9g", static_cast<double>(std::bit_cast<float>(bits)));
}

std::string FormatF64(uint64_t bits) {
  std::string sign = (bits & kF64SignMask) ? "-" : "";
  if ((bits & kF64ExponentMask) == kF64ExponentMask) {
    uint64_t payload = bits & kF64PayloadMask;
    if (payload == 0) return sign + "inf";
    return sign + Printf("nan:0x%" PRIx64, payload);
  }
  return Printf("%.17g", std::bit_cast<double>(bits));
}

// A number of `type` (or an i8/i16 lane, as kI32) with its bits where they matter.
std::string FormatScalar(ValType type, uint64_t bits) {
  switch (type) {
    case ValType::kI32: {
      auto u = static_cast<uint32_t>(bits);
      auto s = static_cast<int32_t>(u);
      if (s >= 0) return Printf("%" PRId32, s);
      return Printf("%" PRId32 " (0x%" PRIx32 ")", s, u);
    }
    case ValType::kI64: {
      auto s = static_cast<int64_t>(bits);
      if (s >= 0) return Printf("%" PRId64, s);
      return Printf("%" PRId64 " (0x%" PRIx64 ")", s, bits);
    }
    case ValType::kF32: {
      auto u = static_cast<uint32_t>(bits);
      return FormatF32(u) + Printf(" (0x%08" PRIx32 ")", u);
    }
    case ValType::kF64: return FormatF64(bits) + Printf(" (0x%016" PRIx64 ")", bits);
    default: return Printf("0x%" PRIx64, bits);
  }
}

// The bits of a number as its type defines them (an i32's upper slot bits are ignored).
uint64_t NumberBits(const Value& value) {
  switch (value.type()) {
    case ValType::kI32: return value.i32();
    case ValType::kF32: return value.f32_bits();
    default: return value.raw_bits();
  }
}

// One expectation against raw bits of a number (a whole value or a v128 lane).
bool MatchesNumber(const ExpectedValue& expected, uint64_t bits) {
  bool f32 = expected.type == ValType::kF32;
  switch (expected.kind) {
    case ExpectedValue::Kind::kBits: return expected.bits == bits;
    case ExpectedValue::Kind::kCanonicalNan:
      return f32 ? IsCanonicalNan32(static_cast<uint32_t>(bits)) : IsCanonicalNan64(bits);
    case ExpectedValue::Kind::kArithmeticNan:
      return f32 ? IsArithmeticNan32(static_cast<uint32_t>(bits)) : IsArithmeticNan64(bits);
    default: return false;
  }
}

std::string FormatLane(const ExpectedValue& lane) {
  switch (lane.kind) {
    case ExpectedValue::Kind::kCanonicalNan: return "nan:canonical";
    case ExpectedValue::Kind::kArithmeticNan: return "nan:arithmetic";
    default: break;
  }
  if (lane.type == ValType::kF32) return FormatF32(static_cast<uint32_t>(lane.bits));
  if (lane.type == ValType::kF64) return FormatF64(lane.bits);
  return std::to_string(lane.bits);
}

template <class T, class F>
std::string FormatList(std::span<const T> items, F format_one) {
  if (items.size() == 1) return format_one(items[0]);
  std::string out = "(";
  for (size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += ", ";
    out += format_one(items[i]);
  }
  return out + ")";
}

}  // namespace

std::string_view LaneTypeName(LaneType lane_type) {
  switch (lane_type) {
    case LaneType::kI8: return "i8";
    case LaneType::kI16: return "i16";
    case LaneType::kI32: return "i32";
    case LaneType::kI64: return "i64";
    case LaneType::kF32: return "f32";
    case LaneType::kF64: return "f64";
  }
  return "?";
}

int LaneBytes(LaneType lane_type) {
  switch (lane_type) {
    case LaneType::kI8: return 1;
    case LaneType::kI16: return 2;
    case LaneType::kI32:
    case LaneType::kF32: return 4;
    case LaneType::kI64:
    case LaneType::kF64: return 8;
  }
  return 1;
}

int LaneCount(LaneType lane_type) { return 16 / LaneBytes(lane_type); }

ValType LaneScalarType(LaneType lane_type) {
  switch (lane_type) {
    case LaneType::kI64: return ValType::kI64;
    case LaneType::kF32: return ValType::kF32;
    case LaneType::kF64: return ValType::kF64;
    default: return ValType::kI32;
  }
}

uint64_t GetLane(const V128& v, LaneType lane_type, int index) {
  int width = LaneBytes(lane_type);
  uint64_t bits = 0;
  for (int i = width - 1; i >= 0; --i) bits = (bits << 8) | v.bytes[index * width + i];
  return bits;
}

void SetLane(V128& v, LaneType lane_type, int index, uint64_t bits) {
  int width = LaneBytes(lane_type);
  for (int i = 0; i < width; ++i) v.bytes[index * width + i] = static_cast<uint8_t>(bits >> (8 * i));
}

ExpectedValue ExpectedValue::Bits(ValType type, uint64_t bits) {
  ExpectedValue e;
  e.kind = Kind::kBits;
  e.type = type;
  e.bits = bits;
  return e;
}

ExpectedValue ExpectedValue::Nan(ValType type, Kind nan_kind) {
  ExpectedValue e;
  e.kind = nan_kind;
  e.type = type;
  return e;
}

ExpectedValue ExpectedValue::NullRef(ValType type) {
  ExpectedValue e;
  e.kind = Kind::kNullRef;
  e.type = type;
  return e;
}

ExpectedValue ExpectedValue::NonNullRef(ValType type) {
  ExpectedValue e;
  e.kind = Kind::kNonNullRef;
  e.type = type;
  return e;
}

ExpectedValue ExpectedValue::ExternRef(uint64_t handle) {
  ExpectedValue e;
  e.kind = Kind::kExternRef;
  e.type = ValType::kExternRef;
  e.bits = handle;
  return e;
}

ExpectedValue ExpectedValue::Lanes(LaneType lane_type, std::vector<ExpectedValue> lanes) {
  ExpectedValue e;
  e.kind = Kind::kV128;
  e.type = ValType::kV128;
  e.lane_type = lane_type;
  e.elements = std::move(lanes);
  return e;
}

ExpectedValue ExpectedValue::Either(std::vector<ExpectedValue> alternatives) {
  ExpectedValue e;
  e.kind = Kind::kEither;
  e.elements = std::move(alternatives);
  return e;
}

bool IsCanonicalNan32(uint32_t bits) { return (bits & ~kF32SignMask) == kF32QuietNan; }
bool IsArithmeticNan32(uint32_t bits) { return (bits & kF32QuietNan) == kF32QuietNan; }
bool IsCanonicalNan64(uint64_t bits) { return (bits & ~kF64SignMask) == kF64QuietNan; }
bool IsArithmeticNan64(uint64_t bits) { return (bits & kF64QuietNan) == kF64QuietNan; }

bool Matches(const ExpectedValue& expected, const Value& actual) {
  using Kind = ExpectedValue::Kind;
  switch (expected.kind) {
    case Kind::kEither:
      for (const ExpectedValue& alternative : expected.elements) {
        if (Matches(alternative, actual)) return true;
      }
      return false;
    case Kind::kV128: {
      if (actual.type() != ValType::kV128) return false;
      if (static_cast<int>(expected.elements.size()) != LaneCount(expected.lane_type)) return false;
      for (int i = 0; i < LaneCount(expected.lane_type); ++i) {
        if (!MatchesNumber(expected.elements[i], GetLane(actual.v128(), expected.lane_type, i))) {
          return false;
        }
      }
      return true;
    }
    case Kind::kNullRef: return actual.type() == expected.type && actual.is_null_ref();
    case Kind::kNonNullRef: return actual.type() == expected.type && !actual.is_null_ref();
    case Kind::kExternRef:
      return actual.type() == ValType::kExternRef && !actual.is_null_ref() &&
             actual.extern_handle() == expected.bits;
    case Kind::kBits:
    case Kind::kCanonicalNan:
    case Kind::kArithmeticNan:
      return actual.type() == expected.type && IsNumType(actual.type()) &&
             MatchesNumber(expected, NumberBits(actual));
  }
  return false;
}

bool MatchesAll(std::span<const ExpectedValue> expected, std::span<const Value> actual) {
  if (expected.size() != actual.size()) return false;
  for (size_t i = 0; i < expected.size(); ++i) {
    if (!Matches(expected[i], actual[i])) return false;
  }
  return true;
}

bool UsesV128(const ExpectedValue& expected) {
  if (expected.kind == ExpectedValue::Kind::kV128) return true;
  for (const ExpectedValue& element : expected.elements) {
    if (UsesV128(element)) return true;
  }
  return false;
}

std::string FormatValue(const Value& value) {
  if (!IsNumType(value.type())) return value.ToString();
  return std::string(ValTypeName(value.type())) + ":" + FormatScalar(value.type(), NumberBits(value));
}

std::string FormatExpected(const ExpectedValue& expected) {
  using Kind = ExpectedValue::Kind;
  std::string type(ValTypeName(expected.type));
  switch (expected.kind) {
    case Kind::kBits: return type + ":" + FormatScalar(expected.type, expected.bits);
    case Kind::kCanonicalNan: return type + ":nan:canonical";
    case Kind::kArithmeticNan: return type + ":nan:arithmetic";
    case Kind::kNullRef: return type + ":null";
    case Kind::kNonNullRef: return type + ":non-null";
    case Kind::kExternRef: return type + ":" + std::to_string(expected.bits);
    case Kind::kV128: {
      std::string out = "v128:" + std::string(LaneTypeName(expected.lane_type)) + "x" +
                        std::to_string(LaneCount(expected.lane_type)) + "[";
      for (size_t i = 0; i < expected.elements.size(); ++i) {
        if (i > 0) out += ", ";
        out += FormatLane(expected.elements[i]);
      }
      return out + "]";
    }
    case Kind::kEither: {
      std::string out = "either(";
      for (size_t i = 0; i < expected.elements.size(); ++i) {
        if (i > 0) out += " | ";
        out += FormatExpected(expected.elements[i]);
      }
      return out + ")";
    }
  }
  return "?";
}

std::string FormatValues(std::span<const Value> values) {
  return FormatList(values, [](const Value& v) { return FormatValue(v); });
}

std::string FormatExpectedList(std::span<const ExpectedValue> expected) {
  return FormatList(expected, [](const ExpectedValue& e) { return FormatExpected(e); });
}

}  // namespace cella::wast
