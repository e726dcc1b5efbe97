/* bench/hello/hello.c: hello world, built natively and for wasm32-wasi the same way, for
 * bench/run's process start-to-exit measurement. */
#include <stdio.h>

int main(void) {
  puts("hello, world");
  return 0;
}
