// interp/simd_ops.h: the lane semantics of every SIMD (v128) instruction the dispatch
// loop runs, as pure functions on 16-byte values. Whatever the compiler's vector
// extensions compute exactly as the spec says (integer wrap-around arithmetic, bitwise
// ops, shifts with a masked count, lane comparisons, IEEE add/sub/mul/div/sqrt) uses them,
// so clang and gcc emit SSE/NEON; the rest (saturation, narrowing, min/max NaN rules,
// rounding, float→int conversion, shuffles) is written lane by lane. Header-only, pure.
#pragma once

#include <bit>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <type_traits>

#include "interp/float_ops.h"

namespace cella::interp::simd {

using u8x16 = uint8_t __attribute__((vector_size(16)));
using i8x16 = int8_t __attribute__((vector_size(16)));
using u16x8 = uint16_t __attribute__((vector_size(16)));
using i16x8 = int16_t __attribute__((vector_size(16)));
using u32x4 = uint32_t __attribute__((vector_size(16)));
using i32x4 = int32_t __attribute__((vector_size(16)));
using u64x2 = uint64_t __attribute__((vector_size(16)));
using i64x2 = int64_t __attribute__((vector_size(16)));
using f32x4 = float __attribute__((vector_size(16)));
using f64x2 = double __attribute__((vector_size(16)));

// The interpreter's v128 value type. Casts between the vector types above reinterpret
// the 16 bytes (little-endian lane order on every supported host).
using V = u8x16;

inline V Load(const void* p) {
  V v;
  std::memcpy(&v, p, 16);
  return v;
}
inline void Store(void* p, V v) { std::memcpy(p, &v, 16); }
inline V FromWords(uint64_t lo, uint64_t hi) { return (V)(u64x2{lo, hi}); }

// ---- lane-wise helpers for what vector extensions cannot express exactly ----

template <class Vec, class F>
inline Vec Map(Vec a, F f) {
  Vec r{};
  for (unsigned i = 0; i < sizeof(Vec) / sizeof(a[0]); ++i) r[i] = f(a[i]);
  return r;
}
template <class Vec, class F>
inline Vec Map2(Vec a, Vec b, F f) {
  Vec r{};
  for (unsigned i = 0; i < sizeof(Vec) / sizeof(a[0]); ++i) r[i] = f(a[i], b[i]);
  return r;
}
template <class T, class W>
inline T Saturate(W x) {
  if (x < static_cast<W>(std::numeric_limits<T>::min())) return std::numeric_limits<T>::min();
  if (x > static_cast<W>(std::numeric_limits<T>::max())) return std::numeric_limits<T>::max();
  return static_cast<T>(x);
}

// Per byte: `a` where `mask` is set, else `b` (masks are whole lanes of all ones or zeros).
inline V Select(V mask, V a, V b) { return (a & mask) | (b & ~mask); }

// ---- NaN canonicalization (deterministic mode): every NaN lane becomes +canonical ----
inline V CanonF32x4(V v) {
  f32x4 f = (f32x4)v;
  u32x4 nan = (u32x4)(f != f);
  return (V)(((u32x4)v & ~nan) | (nan & 0x7FC00000u));
}
inline V CanonF64x2(V v) {
  f64x2 f = (f64x2)v;
  u64x2 nan = (u64x2)(f != f);
  return (V)(((u64x2)v & ~nan) | (nan & 0x7FF8000000000000ull));
}

// ---- bitwise ----
inline V Not(V a) { return ~a; }
inline V And(V a, V b) { return a & b; }
inline V AndNot(V a, V b) { return a & ~b; }
inline V Or(V a, V b) { return a | b; }
inline V Xor(V a, V b) { return a ^ b; }
inline V Bitselect(V a, V b, V c) { return (a & c) | (b & ~c); }
inline uint32_t AnyTrue(V a) {
  u64x2 w = (u64x2)a;
  return (w[0] | w[1]) != 0;
}

// ---- splat ----
inline V I8x16Splat(uint32_t x) { return (V)(u8x16{} + static_cast<uint8_t>(x)); }
inline V I16x8Splat(uint32_t x) { return (V)(u16x8{} + static_cast<uint16_t>(x)); }
inline V I32x4Splat(uint32_t x) { return (V)(u32x4{} + x); }
inline V I64x2Splat(uint64_t x) { return (V)(u64x2{} + x); }

// ---- integer lane arithmetic (unsigned vectors: wrap-around, no UB) ----
#define CELLA_SIMD_INT_SHAPE(P, U, S, BITS)                                                  \
  inline V P##Add(V a, V b) { return (V)((U)a + (U)b); }                                    \
  inline V P##Sub(V a, V b) { return (V)((U)a - (U)b); }                                    \
  inline V P##Neg(V a) { return (V)(U{} - (U)a); }                                          \
  inline V P##Abs(V a) {                                                                    \
    U m = (U)((S)a >> (BITS - 1));                                                          \
    return (V)((((U)a) ^ m) - m);                                                           \
  }                                                                                         \
  inline V P##Shl(V a, uint32_t n) { return (V)((U)a << (n & (BITS - 1))); }                \
  inline V P##ShrS(V a, uint32_t n) { return (V)((S)a >> (n & (BITS - 1))); }               \
  inline V P##ShrU(V a, uint32_t n) { return (V)((U)a >> (n & (BITS - 1))); }               \
  inline V P##Eq(V a, V b) { return (V)((U)a == (U)b); }                                    \
  inline V P##Ne(V a, V b) { return (V)((U)a != (U)b); }                                    \
  inline V P##LtS(V a, V b) { return (V)((S)a < (S)b); }                                    \
  inline V P##GtS(V a, V b) { return (V)((S)a > (S)b); }                                    \
  inline V P##LeS(V a, V b) { return (V)((S)a <= (S)b); }                                   \
  inline V P##GeS(V a, V b) { return (V)((S)a >= (S)b); }                                   \
  inline uint32_t P##AllTrue(V a) {                                                         \
    U u = (U)a;                                                                             \
    for (unsigned i = 0; i < 128 / BITS; ++i)                                               \
      if (u[i] == 0) return 0;                                                              \
    return 1;                                                                               \
  }                                                                                         \
  inline uint32_t P##Bitmask(V a) {                                                         \
    U u = (U)a;                                                                             \
    uint32_t r = 0;                                                                         \
    for (unsigned i = 0; i < 128 / BITS; ++i) r |= static_cast<uint32_t>(u[i] >> (BITS - 1)) << i; \
    return r;                                                                               \
  }
CELLA_SIMD_INT_SHAPE(I8x16, u8x16, i8x16, 8)
CELLA_SIMD_INT_SHAPE(I16x8, u16x8, i16x8, 16)
CELLA_SIMD_INT_SHAPE(I32x4, u32x4, i32x4, 32)
CELLA_SIMD_INT_SHAPE(I64x2, u64x2, i64x2, 64)
#undef CELLA_SIMD_INT_SHAPE

// Unsigned comparisons and min/max, for the 8-, 16- and 32-bit shapes.
#define CELLA_SIMD_INT_UNSIGNED(P, U, S)                                                     \
  inline V P##LtU(V a, V b) { return (V)((U)a < (U)b); }                                    \
  inline V P##GtU(V a, V b) { return (V)((U)a > (U)b); }                                    \
  inline V P##LeU(V a, V b) { return (V)((U)a <= (U)b); }                                   \
  inline V P##GeU(V a, V b) { return (V)((U)a >= (U)b); }                                   \
  inline V P##MinS(V a, V b) { return Select((V)((S)a < (S)b), a, b); }                      \
  inline V P##MinU(V a, V b) { return Select((V)((U)a < (U)b), a, b); }                      \
  inline V P##MaxS(V a, V b) { return Select((V)((S)a > (S)b), a, b); }                      \
  inline V P##MaxU(V a, V b) { return Select((V)((U)a > (U)b), a, b); }
CELLA_SIMD_INT_UNSIGNED(I8x16, u8x16, i8x16)
CELLA_SIMD_INT_UNSIGNED(I16x8, u16x8, i16x8)
CELLA_SIMD_INT_UNSIGNED(I32x4, u32x4, i32x4)
#undef CELLA_SIMD_INT_UNSIGNED

inline V I16x8Mul(V a, V b) { return (V)((u16x8)a * (u16x8)b); }
inline V I32x4Mul(V a, V b) { return (V)((u32x4)a * (u32x4)b); }
inline V I64x2Mul(V a, V b) { return (V)((u64x2)a * (u64x2)b); }

// Saturating add/sub and rounding average, 8- and 16-bit lanes.
#define CELLA_SIMD_SAT(P, U, S, UT, ST)                                                            \
  inline V P##AddSatS(V a, V b) {                                                                 \
    return (V)Map2((S)a, (S)b, [](ST x, ST y) { return Saturate<ST>(int32_t{x} + int32_t{y}); }); \
  }                                                                                               \
  inline V P##AddSatU(V a, V b) {                                                                 \
    return (V)Map2((U)a, (U)b, [](UT x, UT y) { return Saturate<UT>(int32_t{x} + int32_t{y}); }); \
  }                                                                                               \
  inline V P##SubSatS(V a, V b) {                                                                 \
    return (V)Map2((S)a, (S)b, [](ST x, ST y) { return Saturate<ST>(int32_t{x} - int32_t{y}); }); \
  }                                                                                               \
  inline V P##SubSatU(V a, V b) {                                                                 \
    return (V)Map2((U)a, (U)b, [](UT x, UT y) { return Saturate<UT>(int32_t{x} - int32_t{y}); }); \
  }                                                                                               \
  inline V P##AvgrU(V a, V b) {                                                                   \
    return (V)Map2((U)a, (U)b, [](UT x, UT y) { return static_cast<UT>((uint32_t{x} + y + 1) >> 1); }); \
  }
CELLA_SIMD_SAT(I8x16, u8x16, i8x16, uint8_t, int8_t)
CELLA_SIMD_SAT(I16x8, u16x8, i16x8, uint16_t, int16_t)
#undef CELLA_SIMD_SAT

inline V I8x16Popcnt(V a) { return Map(a, [](uint8_t x) { return static_cast<uint8_t>(std::popcount(x)); }); }

inline V I16x8Q15mulrSatS(V a, V b) {
  return (V)Map2((i16x8)a, (i16x8)b, [](int16_t x, int16_t y) {
    return Saturate<int16_t>((int32_t{x} * int32_t{y} + 0x4000) >> 15);
  });
}

inline V I32x4DotI16x8S(V a, V b) {
  i16x8 x = (i16x8)a, y = (i16x8)b;
  u32x4 r{};
  for (unsigned i = 0; i < 4; ++i) {
    // The sum of two products can be 2^31: wrap it (the spec's result is modulo 2^32).
    r[i] = static_cast<uint32_t>(int32_t{x[2 * i]} * y[2 * i]) + static_cast<uint32_t>(int32_t{x[2 * i + 1]} * y[2 * i + 1]);
  }
  return (V)r;
}

// ---- narrowing, extension, pairwise and extending multiplication ----
template <class Out, class In, class OutLane, class InLane>
inline V Narrow(V a, V b) {
  In x = (In)a, y = (In)b;
  Out r{};
  constexpr unsigned n = sizeof(In) / sizeof(InLane);
  for (unsigned i = 0; i < n; ++i) {
    r[i] = Saturate<OutLane>(static_cast<int32_t>(x[i]));
    r[i + n] = Saturate<OutLane>(static_cast<int32_t>(y[i]));
  }
  return (V)r;
}
inline V I8x16NarrowI16x8S(V a, V b) { return Narrow<i8x16, i16x8, int8_t, int16_t>(a, b); }
inline V I8x16NarrowI16x8U(V a, V b) { return Narrow<u8x16, i16x8, uint8_t, int16_t>(a, b); }
inline V I16x8NarrowI32x4S(V a, V b) { return Narrow<i16x8, i32x4, int16_t, int32_t>(a, b); }
inline V I16x8NarrowI32x4U(V a, V b) { return Narrow<u16x8, i32x4, uint16_t, int32_t>(a, b); }

// Lanes [half*n, half*n + n) of `a` (n = output lane count), as a vector of n lanes of the
// input's type. `half` is a constant at every use, so this is one register move.
template <class Out, class In, class OutLane>
inline auto HalfOf(V a, unsigned half) {
  using InLane = std::remove_cvref_t<decltype(In{}[0])>;
  constexpr unsigned n = sizeof(Out) / sizeof(OutLane);
  typedef InLane Half __attribute__((vector_size(n * sizeof(InLane))));  // gcc: not `using`
  Half h;
  std::memcpy(&h, reinterpret_cast<const uint8_t*>(&a) + half * sizeof(Half), sizeof(Half));
  return h;
}
// Those lanes, widened (zero- or sign-extended as the lane types say).
template <class Out, class In, class OutLane>
inline V Extend(V a, unsigned half) {
  return (V)__builtin_convertvector((HalfOf<Out, In, OutLane>(a, half)), Out);
}
// The widened lanes of `a` times those of `b`: exact, the product of two n-bit values
// fits in 2n bits.
template <class Out, class In, class OutLane>
inline V ExtMul(V a, V b, unsigned half) {
  return (V)((Out)Extend<Out, In, OutLane>(a, half) * (Out)Extend<Out, In, OutLane>(b, half));
}
template <class Out, class In, class OutLane>
inline V ExtAddPairwise(V a) {
  In x = (In)a;
  Out r{};
  constexpr unsigned n = sizeof(Out) / sizeof(OutLane);
  for (unsigned i = 0; i < n; ++i) r[i] = static_cast<OutLane>(static_cast<OutLane>(x[2 * i]) + x[2 * i + 1]);
  return (V)r;
}

// ---- swizzle and shuffle ----
inline V I8x16Swizzle(V a, V s) {
  V r{};
  for (unsigned i = 0; i < 16; ++i) r[i] = s[i] < 16 ? a[s[i]] : 0;
  return r;
}
// `lanes`: 16 indices into a ++ b, each < 32 (validated).
inline V I8x16Shuffle(V a, V b, V lanes) {
  V r{};
  for (unsigned i = 0; i < 16; ++i) {
    unsigned k = lanes[i] & 31;
    r[i] = k < 16 ? a[k] : b[k - 16];
  }
  return r;
}

// ---- float ----
inline V F32x4Abs(V a) { return (V)((u32x4)a & 0x7FFFFFFFu); }
inline V F32x4Neg(V a) { return (V)((u32x4)a ^ 0x80000000u); }
inline V F64x2Abs(V a) { return (V)((u64x2)a & 0x7FFFFFFFFFFFFFFFull); }
inline V F64x2Neg(V a) { return (V)((u64x2)a ^ 0x8000000000000000ull); }

#define CELLA_SIMD_FLOAT_SHAPE(P, F, T)                                                     \
  inline V P##Add(V a, V b) { return (V)((F)a + (F)b); }                                   \
  inline V P##Sub(V a, V b) { return (V)((F)a - (F)b); }                                   \
  inline V P##Mul(V a, V b) { return (V)((F)a * (F)b); }                                   \
  inline V P##Div(V a, V b) { return (V)((F)a / (F)b); }                                   \
  inline V P##Eq(V a, V b) { return (V)((F)a == (F)b); }                                   \
  inline V P##Ne(V a, V b) { return (V)((F)a != (F)b); }                                   \
  inline V P##Lt(V a, V b) { return (V)((F)a < (F)b); }                                    \
  inline V P##Gt(V a, V b) { return (V)((F)a > (F)b); }                                    \
  inline V P##Le(V a, V b) { return (V)((F)a <= (F)b); }                                   \
  inline V P##Ge(V a, V b) { return (V)((F)a >= (F)b); }                                   \
  inline V P##Min(V a, V b) { return (V)Map2((F)a, (F)b, [](T x, T y) { return WasmMin(x, y); }); } \
  inline V P##Max(V a, V b) { return (V)Map2((F)a, (F)b, [](T x, T y) { return WasmMax(x, y); }); } \
  inline V P##Pmin(V a, V b) { return (V)Map2((F)a, (F)b, [](T x, T y) { return y < x ? y : x; }); } \
  inline V P##Pmax(V a, V b) { return (V)Map2((F)a, (F)b, [](T x, T y) { return x < y ? y : x; }); } \
  inline V P##Sqrt(V a) { return (V)Map((F)a, [](T x) { return WasmSqrt(x); }); }         \
  inline V P##Ceil(V a) { return (V)Map((F)a, [](T x) { return WasmCeil(x); }); }         \
  inline V P##Floor(V a) { return (V)Map((F)a, [](T x) { return WasmFloor(x); }); }       \
  inline V P##Trunc(V a) { return (V)Map((F)a, [](T x) { return WasmTrunc(x); }); }       \
  inline V P##Nearest(V a) { return (V)Map((F)a, [](T x) { return WasmNearest(x); }); }
CELLA_SIMD_FLOAT_SHAPE(F32x4, f32x4, float)
CELLA_SIMD_FLOAT_SHAPE(F64x2, f64x2, double)
#undef CELLA_SIMD_FLOAT_SHAPE

// ---- conversions ----
inline V I32x4TruncSatF32x4S(V a) {
  f32x4 f = (f32x4)a;
  i32x4 r{};
  for (unsigned i = 0; i < 4; ++i) r[i] = TruncSat<int32_t>(f[i]);
  return (V)r;
}
inline V I32x4TruncSatF32x4U(V a) {
  f32x4 f = (f32x4)a;
  u32x4 r{};
  for (unsigned i = 0; i < 4; ++i) r[i] = TruncSat<uint32_t>(f[i]);
  return (V)r;
}
inline V I32x4TruncSatF64x2SZero(V a) {
  f64x2 f = (f64x2)a;
  i32x4 r{TruncSat<int32_t>(f[0]), TruncSat<int32_t>(f[1]), 0, 0};
  return (V)r;
}
inline V I32x4TruncSatF64x2UZero(V a) {
  f64x2 f = (f64x2)a;
  u32x4 r{TruncSat<uint32_t>(f[0]), TruncSat<uint32_t>(f[1]), 0, 0};
  return (V)r;
}
inline V F32x4ConvertI32x4S(V a) {
  i32x4 x = (i32x4)a;
  f32x4 r{};
  for (unsigned i = 0; i < 4; ++i) r[i] = static_cast<float>(x[i]);
  return (V)r;
}
inline V F32x4ConvertI32x4U(V a) {
  u32x4 x = (u32x4)a;
  f32x4 r{};
  for (unsigned i = 0; i < 4; ++i) r[i] = static_cast<float>(x[i]);
  return (V)r;
}
inline V F64x2ConvertLowI32x4S(V a) {
  i32x4 x = (i32x4)a;
  return (V)(f64x2{static_cast<double>(x[0]), static_cast<double>(x[1])});
}
inline V F64x2ConvertLowI32x4U(V a) {
  u32x4 x = (u32x4)a;
  return (V)(f64x2{static_cast<double>(x[0]), static_cast<double>(x[1])});
}
inline V F32x4DemoteF64x2Zero(V a) {
  f64x2 x = (f64x2)a;
  float lo = std::isnan(x[0]) ? QuietNaN(static_cast<float>(x[0])) : static_cast<float>(x[0]);
  float hi = std::isnan(x[1]) ? QuietNaN(static_cast<float>(x[1])) : static_cast<float>(x[1]);
  return (V)(f32x4{lo, hi, 0.0f, 0.0f});
}
inline V F64x2PromoteLowF32x4(V a) {
  f32x4 x = (f32x4)a;
  double lo = std::isnan(x[0]) ? QuietNaN(static_cast<double>(x[0])) : static_cast<double>(x[0]);
  double hi = std::isnan(x[1]) ? QuietNaN(static_cast<double>(x[1])) : static_cast<double>(x[1]);
  return (V)(f64x2{lo, hi});
}

}  // namespace cella::interp::simd
