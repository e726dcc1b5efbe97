/* bench/kernels/hash.c: an open-addressing hash table keyed by short strings (FNV-1a),
 * filled, probed with hits and misses, and emptied each round: bytes, branches, calls. */
#include <stdlib.h>
#include <string.h>

#include "kernels.h"

enum { kSlots = 8192, kKeys = 5000, kKeyLen = 12 };

struct slot {
  char key[kKeyLen + 1];
  uint8_t used;
  uint32_t value;
};

static uint32_t fnv1a(const char *s) {
  uint32_t h = 2166136261u;
  for (; *s; s++) h = (h ^ (uint8_t)*s) * 16777619u;
  return h;
}

static void make_key(char *out, uint32_t n) {
  static const char kAlphabet[] = "abcdefghijklmnopqrstuvwxyz0123456789";
  int len = 4 + (int)(n % (kKeyLen - 4));
  for (int i = 0; i < len; i++) {
    out[i] = kAlphabet[n % 36];
    n = n / 36 + (uint32_t)i * 7919u;
  }
  out[len] = 0;
}

static struct slot *lookup(struct slot *table, const char *key, int insert) {
  uint32_t i = fnv1a(key) & (kSlots - 1);
  while (table[i].used) {
    if (strcmp(table[i].key, key) == 0) return &table[i];
    i = (i + 1) & (kSlots - 1);
  }
  if (!insert) return NULL;
  strcpy(table[i].key, key);
  table[i].used = 1;
  table[i].value = 0;
  return &table[i];
}

uint64_t kernel_hash(uint32_t iterations) {
  struct slot *table = malloc(sizeof(struct slot) * kSlots);
  char key[kKeyLen + 1];
  uint64_t checksum = 0;
  uint32_t seed = 0x5eed5eedu;
  for (uint32_t it = 0; it < iterations; it++) {
    memset(table, 0, sizeof(struct slot) * kSlots);
    for (int i = 0; i < kKeys; i++) {
      make_key(key, kernel_rand(&seed) % 20000);
      lookup(table, key, 1)->value++;
    }
    uint32_t hits = 0, total = 0;
    for (uint32_t n = 0; n < 20000; n += 3) {
      make_key(key, n);
      struct slot *s = lookup(table, key, 0);
      if (s) {
        hits++;
        total += s->value;
      }
    }
    checksum = checksum * 13 + hits * 100003u + total;
  }
  free(table);
  return checksum;
}
