/* bench/kernels/sort.c: libc qsort with a comparison function (an indirect call per
 * comparison) and a heap sort written out, over records that are reshuffled each round. */
#include <stdlib.h>

#include "kernels.h"

struct record {
  uint32_t key;
  uint32_t payload;
};

static int compare_records(const void *a, const void *b) {
  const struct record *x = a, *y = b;
  if (x->key != y->key) return x->key < y->key ? -1 : 1;
  return (x->payload > y->payload) - (x->payload < y->payload);
}

static void sift_down(uint32_t *v, size_t start, size_t end) {
  size_t root = start;
  while (2 * root + 1 <= end) {
    size_t child = 2 * root + 1;
    if (child + 1 <= end && v[child] < v[child + 1]) child++;
    if (v[root] >= v[child]) return;
    uint32_t t = v[root];
    v[root] = v[child];
    v[child] = t;
    root = child;
  }
}

static void heap_sort(uint32_t *v, size_t n) {
  if (n < 2) return;
  for (size_t start = (n - 2) / 2 + 1; start-- > 0;) sift_down(v, start, n - 1);
  for (size_t end = n - 1; end > 0; end--) {
    uint32_t t = v[0];
    v[0] = v[end];
    v[end] = t;
    sift_down(v, 0, end - 1);
  }
}

uint64_t kernel_sort(uint32_t iterations) {
  enum { kCount = 2000 };
  struct record *records = malloc(sizeof(struct record) * kCount);
  uint32_t *values = malloc(sizeof(uint32_t) * kCount);
  uint32_t seed = 0xc0ffee11u;
  uint64_t checksum = 0;
  for (uint32_t it = 0; it < iterations; it++) {
    for (int i = 0; i < kCount; i++) {
      records[i].key = kernel_rand(&seed) % 5000;
      records[i].payload = (uint32_t)i;
      values[i] = kernel_rand(&seed);
    }
    qsort(records, kCount, sizeof(struct record), compare_records);
    heap_sort(values, kCount);
    for (int i = 0; i < kCount; i += 97)
      checksum = checksum * 5 + records[i].key + records[i].payload + values[i];
  }
  free(records);
  free(values);
  return checksum;
}
