/* bench/kernels/simd.c: 128-bit vector code written with clang's vector extensions:
 * alpha blending of two 8-bit images (widened to 16-bit lanes), a single-precision
 * axpy with a dot product, and a 32-bit integer hash mix (multiply, shift, xor). Built
 * for wasm32 with -msimd128 it becomes wasm SIMD instructions; without, scalar wasm;
 * natively SSE2/NEON. The checksum is the same in every build. */
#include <stdlib.h>
#include <string.h>

#include "kernels.h"

typedef uint8_t u8x16 __attribute__((vector_size(16)));
typedef uint16_t u16x8 __attribute__((vector_size(16)));
typedef uint32_t u32x4 __attribute__((vector_size(16)));
typedef float f32x4 __attribute__((vector_size(16)));

enum { kBytes = 16384, kVecs = kBytes / 16 };

uint64_t kernel_simd(uint32_t iterations) {
  u8x16 *a = malloc(kBytes), *b = malloc(kBytes), *out = malloc(kBytes);
  f32x4 *x = malloc(kBytes), *y = malloc(kBytes);
  u32x4 *h = malloc(kBytes);
  uint32_t seed = 0x5EED5EEDu;
  for (int i = 0; i < kVecs; i++) {
    for (int j = 0; j < 16; j++) {
      a[i][j] = (uint8_t)kernel_rand(&seed);
      b[i][j] = (uint8_t)kernel_rand(&seed);
    }
    for (int j = 0; j < 4; j++) {
      x[i][j] = (float)(kernel_rand(&seed) & 0xFFFF) / 65536.0f;
      y[i][j] = (float)(kernel_rand(&seed) & 0xFFFF) / 65536.0f;
      h[i][j] = kernel_rand(&seed);
    }
  }
  uint64_t sum = 0;
  for (uint32_t it = 0; it < iterations; it++) {
    /* alpha blend: out = (a * alpha + b * (255 - alpha) + 128) >> 8, per byte */
    u16x8 alpha = (u16x8){0} + (uint16_t)(it & 255);
    u16x8 beta = (u16x8){0} + (uint16_t)(255 - (it & 255));
    u8x16 acc8 = {0};
    for (int i = 0; i < kVecs; i++) {
      u16x8 alo = __builtin_convertvector(__builtin_shufflevector(a[i], a[i], 0, 1, 2, 3, 4, 5, 6, 7), u16x8);
      u16x8 ahi = __builtin_convertvector(__builtin_shufflevector(a[i], a[i], 8, 9, 10, 11, 12, 13, 14, 15), u16x8);
      u16x8 blo = __builtin_convertvector(__builtin_shufflevector(b[i], b[i], 0, 1, 2, 3, 4, 5, 6, 7), u16x8);
      u16x8 bhi = __builtin_convertvector(__builtin_shufflevector(b[i], b[i], 8, 9, 10, 11, 12, 13, 14, 15), u16x8);
      u16x8 lo = (alo * alpha + blo * beta + 128) >> 8;
      u16x8 hi = (ahi * alpha + bhi * beta + 128) >> 8;
      out[i] = __builtin_convertvector(
          __builtin_shufflevector(lo, hi, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15), u8x16);
      acc8 ^= out[i];
    }
    /* axpy and dot product in single precision */
    f32x4 k = (f32x4){0} + (float)(it % 7) * 0.125f;
    f32x4 dot = {0};
    for (int i = 0; i < kVecs; i++) {
      x[i] = x[i] * 0.5f + y[i] * k;
      dot += x[i] * y[i];
    }
    /* integer mix */
    u32x4 mix = {0};
    for (int i = 0; i < kVecs; i++) {
      u32x4 v = h[i] * 0x9E3779B1u;
      v ^= v >> 15;
      h[i] = v + (u32x4)out[i];
      mix ^= h[i];
    }
    uint32_t bytes[4], ints[4];
    float dots[4];
    memcpy(bytes, &acc8, 16);
    memcpy(ints, &mix, 16);
    memcpy(dots, &dot, 16);
    for (int j = 0; j < 4; j++) {
      uint32_t dot_bits;
      memcpy(&dot_bits, &dots[j], 4);
      sum = sum * 31 + bytes[j] + ints[j] + dot_bits;
    }
  }
  free(a);
  free(b);
  free(out);
  free(x);
  free(y);
  free(h);
  return sum;
}
