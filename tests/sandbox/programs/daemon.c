/* daemon.c: hostile program for tests/sandbox: double-forks a setsid'd daemon that
 * outlives its parent (argv[1] is a token the test finds in /proc/<pid>/cmdline), then
 * the parent exits 0 at once, or after argv[2] seconds. */
#include <stdlib.h>
#include <unistd.h>

int main(int argc, char** argv) {
  (void)argv;
  if (argc < 2) return 2;
  if (fork() == 0) {
    setsid();
    if (fork() == 0) {
      for (;;) pause();
    }
    _exit(0);
  }
  if (argc > 2) sleep((unsigned)atoi(argv[2]));
  return 0;
}
