/* fork_bomb.c: hostile program for tests/sandbox: every process forks as fast as it can.
 * When a fork is refused the first process exits 1 and the others sleep forever, so the
 * cell must end it and kill the survivors. */
#include <errno.h>
#include <stdio.h>
#include <unistd.h>

int main(void) {
  pid_t root = getpid();
  for (;;) {
    pid_t pid = fork();
    if (pid < 0) {
      if (getpid() == root) {
        printf("fork refused: errno %d\n", errno);
        return 1;
      }
      pause();
    }
  }
}
