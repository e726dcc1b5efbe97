/* bench/kernels/kernels.h: a CoreMark-like set of compute kernels, built natively and for
 * wasm32-wasi with the same compiler and flags by bench/run. Each kernel runs `iterations`
 * rounds over data it builds itself and returns a checksum, printed by main.c so that the
 * native and wasm runs can be compared. No I/O, no libc beyond malloc/memcpy/qsort. */
#ifndef BENCH_KERNELS_H
#define BENCH_KERNELS_H

#include <stddef.h>
#include <stdint.h>

/* Deterministic pseudo-random numbers (xorshift32), the same on every target. */
static inline uint32_t kernel_rand(uint32_t *state) {
  uint32_t x = *state;
  x ^= x << 13;
  x ^= x >> 17;
  x ^= x << 5;
  *state = x;
  return x;
}

uint32_t crc32_update(uint32_t crc, const uint8_t *data, size_t len);  /* crc.c, bitwise */

uint64_t kernel_list(uint32_t iterations);    /* list.c: linked lists, find, reverse, merge sort */
uint64_t kernel_matrix(uint32_t iterations);  /* matrix.c: integer matrix products and bit fields */
uint64_t kernel_state(uint32_t iterations);   /* state.c: a number scanner as a state machine */
uint64_t kernel_crc(uint32_t iterations);     /* crc.c: CRC-32 bitwise and by table, CRC-16 */
uint64_t kernel_sort(uint32_t iterations);    /* sort.c: qsort (indirect calls) and a heap sort */
uint64_t kernel_sha256(uint32_t iterations);  /* sha256.c: 32-bit rotates and adds */
uint64_t kernel_nbody(uint32_t iterations);   /* nbody.c: double-precision floating point */
uint64_t kernel_hash(uint32_t iterations);    /* hash.c: open-addressing hash table, strings */
uint64_t kernel_simd(uint32_t iterations);    /* simd.c: 128-bit vector code (blend, axpy, mix) */

#endif
