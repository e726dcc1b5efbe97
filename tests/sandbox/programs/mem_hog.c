/* mem_hog.c: greedy program for tests/sandbox: allocates and touches memory in 8 MiB
 * steps, up to argv[1] MiB (default 4096), printing progress. */
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char** argv) {
  long limit_mib = argc > 1 ? atol(argv[1]) : 4096;
  for (long mib = 8; mib <= limit_mib; mib += 8) {
    char* block = malloc(8 << 20);
    if (block == NULL) {
      printf("malloc failed at %ld MiB\n", mib);
      return 2;
    }
    /* Touch every page through a volatile pointer so nothing is optimized away. */
    volatile char* bytes = block;
    for (long i = 0; i < (8 << 20); i += 4096) bytes[i] = (char)i;
  }
  printf("allocated %ld MiB\n", limit_mib);
  return 0;
}
