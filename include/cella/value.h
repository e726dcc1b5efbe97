// cella/value.h: WebAssembly value types and values as the embedding API sees them.
// Values are plain data; thread-safe to copy.
#pragma once

#include <array>
#include <bit>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

namespace cella {

// Encoded as in the binary format.
enum class ValType : uint8_t {
  kI32 = 0x7F,
  kI64 = 0x7E,
  kF32 = 0x7D,
  kF64 = 0x7C,
  kV128 = 0x7B,
  kFuncRef = 0x70,
  kExternRef = 0x6F,
};

std::string_view ValTypeName(ValType type);
inline bool IsRefType(ValType t) { return t == ValType::kFuncRef || t == ValType::kExternRef; }
inline bool IsNumType(ValType t) {
  return t == ValType::kI32 || t == ValType::kI64 || t == ValType::kF32 || t == ValType::kF64;
}

struct V128 {
  std::array<uint8_t, 16> bytes{};
  bool operator==(const V128&) const = default;
};

// A reference as the API sees it: null, a function of the store (by store address), or
// an opaque host value (externref).
struct Ref {
  static constexpr uint64_t kNull = 0;
  uint64_t raw = kNull;  // 0 = null; otherwise engine encoding (see runtime/ref.h)
  bool is_null() const { return raw == kNull; }
  bool operator==(const Ref&) const = default;
};

class Value {
 public:
  Value() : type_(ValType::kI32) {}
  static Value I32(uint32_t v) { Value x(ValType::kI32); x.bits_ = v; return x; }
  static Value I64(uint64_t v) { Value x(ValType::kI64); x.bits_ = v; return x; }
  static Value F32(float v) { return F32Bits(std::bit_cast<uint32_t>(v)); }
  static Value F64(double v) { return F64Bits(std::bit_cast<uint64_t>(v)); }
  static Value F32Bits(uint32_t bits) { Value x(ValType::kF32); x.bits_ = bits; return x; }
  static Value F64Bits(uint64_t bits) { Value x(ValType::kF64); x.bits_ = bits; return x; }
  static Value FromV128(const V128& v) { Value x(ValType::kV128); x.v128_ = v; return x; }
  // A null reference of the given reference type.
  static Value NullRef(ValType ref_type) { Value x(ref_type); x.bits_ = 0; return x; }
  static Value FuncRef(Ref r) { Value x(ValType::kFuncRef); x.bits_ = r.raw; return x; }
  // An externref carrying the host's `handle`; externref handles are opaque to wasm.
  static Value ExternRef(uint64_t handle) { Value x(ValType::kExternRef); x.bits_ = handle + 1; return x; }
  // The zero value of `type` (what locals start as).
  static Value Zero(ValType type) { Value x(type); x.bits_ = 0; return x; }

  ValType type() const { return type_; }
  uint32_t i32() const { return static_cast<uint32_t>(bits_); }
  uint64_t i64() const { return bits_; }
  float f32() const { return std::bit_cast<float>(static_cast<uint32_t>(bits_)); }
  double f64() const { return std::bit_cast<double>(bits_); }
  uint32_t f32_bits() const { return static_cast<uint32_t>(bits_); }
  uint64_t f64_bits() const { return bits_; }
  const V128& v128() const { return v128_; }
  Ref ref() const { return Ref{bits_}; }
  bool is_null_ref() const { return IsRefType(type_) && bits_ == 0; }
  uint64_t extern_handle() const { return bits_ - 1; }  // only when !is_null_ref()

  // The engine's 64-bit slot encoding of a non-v128 value.
  uint64_t raw_bits() const { return bits_; }
  static Value FromRaw(ValType type, uint64_t bits) { Value x(type); x.bits_ = bits; return x; }

  // Same type and same bits (NaNs compare by bit pattern).
  bool operator==(const Value& other) const;

  // "i32:42", "f64:0x1p+0 (1)", "funcref:null" — for messages and `cella wast`.
  std::string ToString() const;

 private:
  explicit Value(ValType type) : type_(type) {}
  ValType type_;
  uint64_t bits_ = 0;
  V128 v128_{};
};

struct FuncType {
  std::vector<ValType> params;
  std::vector<ValType> results;
  bool operator==(const FuncType&) const = default;
  std::string ToString() const;  // "(i32, i64) -> (f32)"
};

}  // namespace cella
