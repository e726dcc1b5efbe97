/* bench/kernels/matrix.c: integer matrix work as in CoreMark's matrix benchmark: add and
 * multiply by a constant, matrix x vector, matrix x matrix, and bit-field extraction. */
#include <stdlib.h>

#include "kernels.h"

enum { kN = 48 };

static uint32_t sum_clipped(const int32_t *c, int32_t clip) {
  int32_t tmp = 0, prev = 0;
  uint32_t ret = 0;
  for (int i = 0; i < kN * kN; i++) {
    int32_t cur = c[i];
    tmp += cur;
    if (tmp > clip) {
      ret += 10;
      tmp = 0;
    } else {
      ret += (cur > prev) ? 1 : 0;
    }
    prev = cur;
  }
  return ret;
}

uint64_t kernel_matrix(uint32_t iterations) {
  int16_t *a = malloc(sizeof(int16_t) * kN * kN);
  int16_t *b = malloc(sizeof(int16_t) * kN * kN);
  int32_t *c = malloc(sizeof(int32_t) * kN * kN);
  uint32_t seed = 0x9e3779b9u;
  for (int i = 0; i < kN * kN; i++) {
    a[i] = (int16_t)(kernel_rand(&seed) % 2000 - 1000);
    b[i] = (int16_t)(kernel_rand(&seed) % 2000 - 1000);
  }
  uint64_t checksum = 0;
  for (uint32_t it = 0; it < iterations; it++) {
    int16_t k = (int16_t)(it & 0xff) + 1;
    /* A += k, C = A * k */
    for (int i = 0; i < kN * kN; i++) {
      a[i] = (int16_t)(a[i] + k);
      c[i] = (int32_t)a[i] * k;
    }
    checksum += sum_clipped(c, 0x7fff * 3);
    /* C = A x vector(B row 0) */
    for (int i = 0; i < kN; i++) {
      int32_t acc = 0;
      for (int j = 0; j < kN; j++) acc += (int32_t)a[i * kN + j] * b[j];
      c[i] = acc;
    }
    for (int i = 0; i < kN; i++) checksum = checksum * 3 + (uint32_t)c[i];
    /* C = A x B */
    for (int i = 0; i < kN; i++) {
      for (int j = 0; j < kN; j++) {
        int32_t acc = 0;
        for (int x = 0; x < kN; x++) acc += (int32_t)a[i * kN + x] * b[x * kN + j];
        c[i * kN + j] = acc;
      }
    }
    checksum += sum_clipped(c, 0x7fffff);
    /* C = bit fields of A x B */
    for (int i = 0; i < kN; i++) {
      for (int j = 0; j < kN; j++) {
        int32_t acc = 0;
        for (int x = 0; x < kN; x++) {
          int32_t t = (int32_t)a[i * kN + x] * b[x * kN + j];
          acc += ((t >> 2) & 0xf) * ((t >> 5) & 0x7f);
        }
        c[i * kN + j] = acc;
      }
    }
    checksum += sum_clipped(c, 0x7ffff);
    /* A -= k, back where it was. */
    for (int i = 0; i < kN * kN; i++) a[i] = (int16_t)(a[i] - k);
  }
  free(a);
  free(b);
  free(c);
  return checksum;
}
