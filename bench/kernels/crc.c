/* bench/kernels/crc.c: CRC-32 computed bit by bit and by a 256-entry table, and CRC-16
 * (CCITT), over a buffer that changes each iteration: shifts, xors and table loads. */
#include <stdlib.h>

#include "kernels.h"

uint32_t crc32_update(uint32_t crc, const uint8_t *data, size_t len) {
  crc = ~crc;
  for (size_t i = 0; i < len; i++) {
    crc ^= data[i];
    for (int b = 0; b < 8; b++) crc = (crc >> 1) ^ (0xedb88320u & (0u - (crc & 1)));
  }
  return ~crc;
}

static uint32_t crc32_table[256];

static void init_table(void) {
  for (uint32_t i = 0; i < 256; i++) {
    uint32_t c = i;
    for (int b = 0; b < 8; b++) c = (c >> 1) ^ (0xedb88320u & (0u - (c & 1)));
    crc32_table[i] = c;
  }
}

static uint32_t crc32_by_table(uint32_t crc, const uint8_t *data, size_t len) {
  crc = ~crc;
  for (size_t i = 0; i < len; i++) crc = crc32_table[(crc ^ data[i]) & 0xff] ^ (crc >> 8);
  return ~crc;
}

static uint16_t crc16(uint16_t crc, const uint8_t *data, size_t len) {
  for (size_t i = 0; i < len; i++) {
    crc ^= (uint16_t)(data[i] << 8);
    for (int b = 0; b < 8; b++) crc = (uint16_t)((crc & 0x8000) ? (crc << 1) ^ 0x1021 : crc << 1);
  }
  return crc;
}

uint64_t kernel_crc(uint32_t iterations) {
  enum { kLen = 4096 };
  uint8_t *buf = malloc(kLen);
  uint32_t seed = 0xdeadbeefu;
  for (int i = 0; i < kLen; i++) buf[i] = (uint8_t)kernel_rand(&seed);
  init_table();
  uint64_t checksum = 0;
  for (uint32_t it = 0; it < iterations; it++) {
    buf[it % kLen] ^= (uint8_t)it;
    uint32_t a = crc32_update(0, buf, kLen / 4);
    uint32_t b = crc32_by_table(0, buf, kLen);
    uint16_t c = crc16(0xffff, buf, kLen / 4);
    checksum = checksum * 17 + (a ^ b) + c;
  }
  free(buf);
  return checksum;
}
