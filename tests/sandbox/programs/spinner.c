/* spinner.c: greedy program for tests/sandbox: burns CPU forever in argv[1] processes
 * (default 1). */
#include <stdlib.h>
#include <unistd.h>

int main(int argc, char** argv) {
  int workers = argc > 1 ? atoi(argv[1]) : 1;
  for (int i = 1; i < workers; ++i) {
    if (fork() == 0) break;
  }
  volatile unsigned long counter = 0;
  for (;;) ++counter;
}
