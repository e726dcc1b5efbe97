/* bench/kernels/main.c: `kernels NAME ITERATIONS` runs one kernel of kernels.h and prints
 * its checksum; `kernels all N` runs each with N times its default weight (the mix). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kernels.h"

struct kernel {
  const char *name;
  uint64_t (*run)(uint32_t);
};

static const struct kernel kKernels[] = {
    {"list", kernel_list},     {"matrix", kernel_matrix}, {"state", kernel_state},
    {"crc", kernel_crc},       {"sort", kernel_sort},     {"sha256", kernel_sha256},
    {"nbody", kernel_nbody},   {"hash", kernel_hash},     {"simd", kernel_simd},
};
#define KERNEL_COUNT (sizeof(kKernels) / sizeof(kKernels[0]))

int main(int argc, char **argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: kernels NAME|all ITERATIONS\nkernels:");
    for (size_t i = 0; i < KERNEL_COUNT; i++) fprintf(stderr, " %s", kKernels[i].name);
    fprintf(stderr, "\n");
    return 2;
  }
  uint32_t iterations = (uint32_t)strtoul(argv[2], NULL, 10);
  int found = 0;
  for (size_t i = 0; i < KERNEL_COUNT; i++) {
    if (strcmp(argv[1], "all") == 0 || strcmp(argv[1], kKernels[i].name) == 0) {
      printf("%s %u: %016llx\n", kKernels[i].name, iterations,
             (unsigned long long)kKernels[i].run(iterations));
      found = 1;
    }
  }
  if (!found) {
    fprintf(stderr, "kernels: no kernel named %s\n", argv[1]);
    return 2;
  }
  return 0;
}
