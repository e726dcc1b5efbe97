/* tests/wasi/guests/behave.c: a guest that behaves as told (behave MODE ...) so the
 * `cella run` tests can see every way a run ends: exit codes, traps with a backtrace,
 * endless loops, sleeps, blocking reads, memory hogs, output floods, signals, files,
 * stdio and sockets. Exports add and fact for --invoke. */
#include <stdlib.h>
#include <unistd.h>

#include "raw_wasi.h"

__attribute__((export_name("add"))) int add(int a, int b) { return a + b; }
__attribute__((export_name("fact"))) long long fact(long long n) { return n <= 1 ? 1 : n * fact(n - 1); }

__attribute__((noinline)) static void crash_here(int depth) {
  if (depth > 2) __builtin_trap();
  printf("depth %d\n", depth);
}
__attribute__((noinline)) static void call_chain(int depth) {
  crash_here(depth + 2);
  crash_here(depth);
}

static volatile unsigned sink;

static int copy(const char* from, const char* to) {
  FILE* in = fopen(from, "r");
  if (!in) {
    perror(from);
    return 1;
  }
  FILE* out = fopen(to, "w");
  if (!out) {
    perror(to);
    return 1;
  }
  char buf[256];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, in)) > 0) fwrite(buf, 1, n, out);
  fclose(in);
  fclose(out);
  printf("copied %s to %s\n", from, to);
  return 0;
}

/* Serves one connection on the granted listener: replies with the request upper-cased. */
static int serve(void) {
  int32_t conn;
  int32_t e = raw_sock_accept(3, 0, PTR(&conn));
  if (e != 0) {
    printf("accept errno %d\n", e);
    return 1;
  }
  char buf[64];
  uint32_t iov[2] = {(uint32_t)(uintptr_t)buf, sizeof buf}, n = 0;
  uint16_t flags;
  raw_sock_recv(conn, PTR(iov), 1, 0, PTR(&n), PTR(&flags));
  for (uint32_t i = 0; i < n; ++i) buf[i] = (char)(buf[i] >= 'a' && buf[i] <= 'z' ? buf[i] - 32 : buf[i]);
  iov[1] = n;
  raw_sock_send(conn, PTR(iov), 1, 0, PTR(&n));
  raw_sock_shutdown(conn, 3);
  printf("served %u bytes\n", n);
  return 0;
}

int main(int argc, char** argv) {
  const char* mode = argc > 1 ? argv[1] : "hello";
  if (!strcmp(mode, "hello")) {
    printf("hello from a cell\n");
  } else if (!strcmp(mode, "args")) {
    for (int i = 0; i < argc; ++i) printf("[%s]", argv[i]);
    printf("\n");
  } else if (!strcmp(mode, "env")) {
    extern char** environ;
    for (char** e = environ; *e; ++e) printf("%s\n", *e);
  } else if (!strcmp(mode, "exit")) {
    exit(atoi(argv[2]));
  } else if (!strcmp(mode, "trap")) {
    call_chain(1);
  } else if (!strcmp(mode, "loop")) {
    for (;;) sink++;
  } else if (!strcmp(mode, "sleep")) {
    sleep(60);
    printf("woke up\n");
  } else if (!strcmp(mode, "read")) {
    char c;
    ssize_t n = read(0, &c, 1);
    printf("read returned %d\n", (int)n);
  } else if (!strcmp(mode, "alloc")) {
    for (int mib = 0;; ++mib) {
      char* p = malloc(1 << 20);
      if (!p) {
        fprintf(stderr, "allocation failed after %d MiB\n", mib);
        return 1;
      }
      p[mib] = 1;
      sink += (unsigned)(uintptr_t)p;
    }
  } else if (!strcmp(mode, "spam")) {
    for (;;) printf("spam spam spam spam spam spam spam\n");
  } else if (!strcmp(mode, "raise")) {
    fflush(stdout);
    raw_proc_raise(15); /* SIGTERM */
  } else if (!strcmp(mode, "copy")) {
    return copy(argv[2], argv[3]);
  } else if (!strcmp(mode, "cat")) {
    char buf[256];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, stdin)) > 0) fwrite(buf, 1, n, stdout);
    fprintf(stderr, "done\n");
  } else if (!strcmp(mode, "stdio")) {
    /* Reports which stdio descriptors were granted, into a file (stdout may be closed). */
    FILE* out = fopen(argv[2], "w");
    uint8_t st[24] __attribute__((aligned(8)));
    for (int fd = 0; fd < 3; ++fd) fprintf(out, "fd %d: %d\n", fd, raw_fd_fdstat_get(fd, PTR(st)));
    fclose(out);
  } else if (!strcmp(mode, "serve")) {
    return serve();
  } else {
    printf("unknown mode %s\n", mode);
    return 2;
  }
  return 0;
}
