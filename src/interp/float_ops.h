// interp/float_ops.h: WebAssembly float and float↔int semantics that C++ operators do
// not give directly: min/max with NaN and signed-zero rules, round-to-nearest-even,
// bitwise abs/neg/copysign, and checked and saturating truncation. Header-only, pure.
#pragma once

#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>

namespace cella::interp {

template <class F>
inline F WasmMin(F a, F b) {
  if (std::isnan(a) || std::isnan(b)) return a + b;  // a NaN, quieted
  if (a == b) return std::signbit(a) ? a : b;        // min(-0, +0) = -0
  return a < b ? a : b;
}

template <class F>
inline F WasmMax(F a, F b) {
  if (std::isnan(a) || std::isnan(b)) return a + b;
  if (a == b) return std::signbit(a) ? b : a;        // max(-0, +0) = +0
  return a > b ? a : b;
}

// A NaN with its quiet bit set. libm's rounding functions may return a signalling NaN
// unchanged; the spec requires an arithmetic (quiet) NaN.
template <class F>
inline F QuietNaN(F a) {
  if constexpr (sizeof(F) == 4) {
    return std::bit_cast<F>(std::bit_cast<uint32_t>(a) | 0x00400000u);
  } else {
    return std::bit_cast<F>(std::bit_cast<uint64_t>(a) | 0x0008000000000000ull);
  }
}

// The positive canonical NaN when `a` is a NaN, else `a` (deterministic mode).
inline float CanonF32(float a) { return std::isnan(a) ? std::bit_cast<float>(0x7FC00000u) : a; }
inline double CanonF64(double a) {
  return std::isnan(a) ? std::bit_cast<double>(0x7FF8000000000000ull) : a;
}

template <class F>
inline F WasmCeil(F a) { return std::isnan(a) ? QuietNaN(a) : std::ceil(a); }
template <class F>
inline F WasmFloor(F a) { return std::isnan(a) ? QuietNaN(a) : std::floor(a); }
template <class F>
inline F WasmTrunc(F a) { return std::isnan(a) ? QuietNaN(a) : std::trunc(a); }
template <class F>
inline F WasmSqrt(F a) { return std::isnan(a) ? QuietNaN(a) : std::sqrt(a); }
// Round to nearest, ties to even (the default rounding mode, which Cella never changes).
template <class F>
inline F WasmNearest(F a) { return std::isnan(a) ? QuietNaN(a) : std::nearbyint(a); }

// Bitwise sign operations on raw bits (NaN payloads untouched).
inline uint32_t F32Abs(uint32_t bits) { return bits & 0x7FFFFFFFu; }
inline uint32_t F32Neg(uint32_t bits) { return bits ^ 0x80000000u; }
inline uint32_t F32Copysign(uint32_t a, uint32_t b) { return (a & 0x7FFFFFFFu) | (b & 0x80000000u); }
inline uint64_t F64Abs(uint64_t bits) { return bits & 0x7FFFFFFFFFFFFFFFull; }
inline uint64_t F64Neg(uint64_t bits) { return bits ^ 0x8000000000000000ull; }
inline uint64_t F64Copysign(uint64_t a, uint64_t b) {
  return (a & 0x7FFFFFFFFFFFFFFFull) | (b & 0x8000000000000000ull);
}

enum class TruncStatus : uint8_t { kOk, kNaN, kOverflow };

// Checked truncation: `*out` is set when kOk. Bounds are exact for each pair of types:
// the value must lie strictly inside (lower - 1, upper) after truncation toward zero.
template <class I, class F>
inline TruncStatus TruncChecked(F x, I* out) {
  if (std::isnan(x)) return TruncStatus::kNaN;
  constexpr bool is_signed = std::numeric_limits<I>::is_signed;
  constexpr int bits = std::numeric_limits<I>::digits + (is_signed ? 1 : 0);
  // 2^(bits-1) or 2^bits, exactly representable in F.
  const F upper = is_signed ? std::ldexp(F(1), bits - 1) : std::ldexp(F(1), bits);
  const F lower = is_signed ? -upper : F(0);
  F t = std::trunc(x);
  if (!(t >= lower && t < upper)) return TruncStatus::kOverflow;
  *out = static_cast<I>(t);
  return TruncStatus::kOk;
}

// Saturating truncation: NaN → 0, out of range → the nearest bound.
template <class I, class F>
inline I TruncSat(F x) {
  if (std::isnan(x)) return 0;
  I out;
  switch (TruncChecked<I>(x, &out)) {
    case TruncStatus::kOk: return out;
    default: return x < 0 ? std::numeric_limits<I>::min() : std::numeric_limits<I>::max();
  }
}

}  // namespace cella::interp
