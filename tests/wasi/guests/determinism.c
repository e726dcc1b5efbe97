/* tests/wasi/guests/determinism.c: prints everything a guest can observe of time,
 * randomness and file metadata, so determinism_test.cc can require byte-identical output
 * across runs (deterministic mode) and read the rules back from it.
 *   determinism observe [MS]  clocks and resolutions (every id), random_get, a recursive
 *                         listing of preopen "tree" with fstat / stat of everything,
 *                         stdio's fdstat, filestat and sync, poll_oneoff sleeps (the long
 *                         one MS milliseconds, 5000 by default)
 *   determinism write     creates, writes, renames and retimes files below preopen "out",
 *                         printing the stat of each after every step
 *   determinism spin N    N busy iterations between two monotonic reads */
#include <stdlib.h>

#include "raw_wasi.h"

static char buf[4096] __attribute__((aligned(16)));

static void print_stat(const char* what, const uint8_t* st) {
  uint64_t dev, ino, nlink, size, atim, mtim, ctim;
  memcpy(&dev, st, 8);
  memcpy(&ino, st + 8, 8);
  memcpy(&nlink, st + 24, 8);
  memcpy(&size, st + 32, 8);
  memcpy(&atim, st + 40, 8);
  memcpy(&mtim, st + 48, 8);
  memcpy(&ctim, st + 56, 8);
  printf("  %s: dev %llu ino %llu type %u nlink %llu size %llu atim %llu mtim %llu ctim %llu\n", what,
         (unsigned long long)dev, (unsigned long long)ino, st[16], (unsigned long long)nlink,
         (unsigned long long)size, (unsigned long long)atim, (unsigned long long)mtim, (unsigned long long)ctim);
}

static void stat_path(int32_t dir, const char* path) {
  uint8_t st[64] __attribute__((aligned(8)));
  int32_t e = raw_path_filestat_get(dir, 0, S(path), PTR(st));
  if (e != 0) {
    printf("  stat %s: errno %d\n", path, e);
    return;
  }
  print_stat(path, st);
}

static void stat_fd(int32_t fd, const char* what) {
  uint8_t st[64] __attribute__((aligned(8)));
  int32_t e = raw_fd_filestat_get(fd, PTR(st));
  if (e != 0) {
    printf("  fstat %s: errno %d\n", what, e);
    return;
  }
  print_stat(what, st);
}

static uint64_t now(int32_t id) {
  uint64_t t = 0;
  int32_t e = raw_clock_time_get(id, 1, PTR(&t));
  if (e != 0) printf("clock_time_get(%d): errno %d\n", id, e);
  return t;
}

static void clocks(const char* when) {
  printf("clocks %s:", when);
  for (int32_t id = 0; id < 4; ++id) {
    uint64_t res = 0;
    int32_t e = raw_clock_res_get(id, PTR(&res));
    printf(" [%d] %llu res %llu e%d", id, (unsigned long long)now(id), (unsigned long long)res, e);
  }
  printf("\n");
}

static void random_bytes(void) {
  uint8_t r[40];
  for (int round = 0; round < 3; ++round) {
    /* odd sizes, so the stream is read across ChaCha20 block boundaries */
    uint32_t n = round == 0 ? 7 : round == 1 ? 33 : 40;
    memset(r, 0, sizeof r);
    int32_t e = raw_random_get(PTR(r), (int32_t)n);
    printf("random %u e%d: ", n, e);
    for (uint32_t i = 0; i < n; ++i) printf("%02x", r[i]);
    printf("\n");
  }
}

/* Lists `dir` (opened fd) in the order fd_readdir gives, small buffers to use cookies,
 * then recurses into subdirectories. `path` is the listing's path below the preopen. */
static void list(int32_t root, int32_t dir, const char* path, int depth) {
  uint64_t cookie = 0;
  char names[64][64];
  uint8_t types[64];
  int count = 0;
  for (;;) {
    uint32_t used = 0;
    int32_t e = raw_fd_readdir(dir, PTR(buf), 96, (int64_t)cookie, PTR(&used));
    if (e != 0) {
      printf("readdir %s: errno %d\n", path, e);
      return;
    }
    uint32_t at = 0, got = 0;
    while (at + 24 <= used) {
      uint64_t next, ino;
      uint32_t namlen;
      memcpy(&next, buf + at, 8);
      memcpy(&ino, buf + at + 8, 8);
      memcpy(&namlen, buf + at + 16, 4);
      if (at + 24 + namlen > used) break; /* cut: read again from this cookie */
      char name[64] = {0};
      memcpy(name, buf + at + 24, namlen < 63 ? namlen : 63);
      printf("%*sentry %s/%s ino %llu type %u next %llu\n", depth * 2, "", path, name, (unsigned long long)ino,
             (uint8_t)buf[at + 20], (unsigned long long)next);
      if (count < 64 && strcmp(name, ".") != 0 && strcmp(name, "..") != 0) {
        strcpy(names[count], name);
        types[count++] = (uint8_t)buf[at + 20];
      }
      cookie = next;
      at += 24 + namlen;
      ++got;
    }
    if (got == 0) break;
  }
  for (int i = 0; i < count; ++i) {
    char child[256];
    snprintf(child, sizeof child, "%s/%s", path, names[i]);
    const char* rel = child + 2; /* below "./" */
    stat_path(root, rel);
    if (types[i] == 3) {
      int32_t sub;
      if (open_at(root, FOLLOW, rel, O_DIRECTORY_, R_FD_READDIR | R_FD_FILESTAT_GET, &sub) == 0) {
        stat_fd(sub, rel);
        list(root, sub, child, depth + 1);
        raw_fd_close(sub);
      }
    } else {
      int32_t f;
      if (open_at(root, FOLLOW, rel, 0, R_FD_READ | R_FD_FILESTAT_GET, &f) == 0) {
        stat_fd(f, rel);
        uint32_t iov[2] = {(uint32_t)(uintptr_t)buf, 64}, n = 0;
        raw_fd_read(f, PTR(iov), 1, PTR(&n));
        printf("  read %u bytes: %.*s\n", n, (int)n, buf);
        raw_fd_close(f);
      }
    }
  }
}

/* poll_oneoff: one clock subscription (`flags` 1 = abstime) on clock `id`. */
static void sleep_on(int32_t id, uint64_t timeout, uint16_t flags, int with_stdin) {
  uint8_t subs[96] __attribute__((aligned(8)));
  uint8_t events[64] __attribute__((aligned(8)));
  memset(subs, 0, sizeof subs);
  uint64_t userdata = 7;
  memcpy(subs, &userdata, 8);
  memcpy(subs + 16, &id, 4);
  memcpy(subs + 24, &timeout, 8);
  memcpy(subs + 40, &flags, 2);
  if (with_stdin) { /* fd_read on stdin: a stream */
    userdata = 8;
    memcpy(subs + 48, &userdata, 8);
    subs[56] = 1;
    int32_t fd = 0;
    memcpy(subs + 64, &fd, 4);
  }
  uint32_t n = 0;
  int32_t e = raw_poll_oneoff(PTR(subs), PTR(events), with_stdin ? 2 : 1, PTR(&n));
  printf("poll id %d timeout %llu flags %u stdin %d: e%d, %u event(s):", id, (unsigned long long)timeout, flags,
         with_stdin, e, n);
  for (uint32_t i = 0; i < n; ++i) {
    uint64_t ud, nbytes;
    memcpy(&ud, events + i * 32, 8);
    memcpy(&nbytes, events + i * 32 + 16, 8);
    printf(" [ud %llu type %u error %u nbytes %llu]", (unsigned long long)ud, events[i * 32 + 10],
           events[i * 32 + 8], (unsigned long long)nbytes);
  }
  printf("\n");
}

static void mode_observe(uint64_t long_sleep_ns) {
  clocks("at start");
  random_bytes();
  for (int32_t fd = 0; fd < 3; ++fd) {
    uint8_t fdstat[24] __attribute__((aligned(8)));
    raw_fd_fdstat_get(fd, PTR(fdstat));
    printf("stdio %d filetype %u\n", fd, fdstat[0]);
    stat_fd(fd, fd == 0 ? "stdin" : fd == 1 ? "stdout" : "stderr");
  }
  printf("sync stdout e%d datasync e%d\n", raw_fd_sync(1), raw_fd_datasync(1));
  int32_t tree = preopen("tree");
  printf("tree at fd %d\n", tree);
  stat_fd(tree, ".");
  stat_path(tree, ".");
  list(tree, tree, ".", 0);
  clocks("after listing");
  sleep_on(1, 1000000, 0, 0);          /* 1 ms monotonic */
  clocks("after 1 ms");
  uint64_t t = now(0);
  sleep_on(0, t + long_sleep_ns, 1, 0); /* realtime, absolute */
  clocks("after the long sleep");
  sleep_on(1, 1000000000ull, 0, 1);    /* stdin is ready at once */
  sleep_on(2, 1000, 0, 0);             /* CPU-time clocks cannot be waited on */
  clocks("at end");
}

static int32_t OUT;

static void step(const char* what) {
  printf("%s\n", what);
  stat_path(OUT, ".");
  stat_path(OUT, "a.txt");
  stat_path(OUT, "d");
  stat_path(OUT, "d/b.txt");
  stat_path(OUT, "c.txt");
}

static void write_to(int32_t fd, const char* text) {
  uint32_t iov[2] = {(uint32_t)(uintptr_t)text, (uint32_t)strlen(text)}, n;
  raw_fd_write(fd, PTR(iov), 1, PTR(&n));
}

static void mode_write(void) {
  OUT = preopen("out");
  int32_t a, b;
  step("initially");
  open_at(OUT, FOLLOW, "a.txt", O_CREAT_ | O_TRUNC_, R_FD_WRITE | R_FD_READ | R_FD_FILESTAT_GET |
                                                         R_FD_FILESTAT_SET_TIMES | R_FD_FILESTAT_SET_SIZE, &a);
  step("created a.txt");
  write_to(a, "hello, world\n");
  step("wrote a.txt");
  raw_path_create_directory(OUT, S("d"));
  open_at(OUT, FOLLOW, "d/b.txt", O_CREAT_, R_FD_WRITE | R_FD_FILESTAT_GET, &b);
  write_to(b, "bee\n");
  step("made d/b.txt");
  raw_fd_filestat_set_times(a, 1234567890, 0, 1 | 8); /* atim given, mtim now */
  step("retimed a.txt");
  raw_fd_filestat_set_size(a, 5);
  step("truncated a.txt");
  raw_path_rename(OUT, S("d"), OUT, S("e"));
  raw_path_rename(OUT, S("e"), OUT, S("d"));
  raw_path_rename(OUT, S("a.txt"), OUT, S("c.txt"));
  step("renamed a.txt to c.txt");
  stat_fd(a, "fd of c.txt");
  raw_path_unlink_file(OUT, S("c.txt"));
  step("unlinked c.txt");
  int32_t dir;
  open_at(OUT, FOLLOW, ".", O_DIRECTORY_, R_FD_READDIR | R_FD_FILESTAT_GET, &dir);
  list(OUT, dir, ".", 0);
  clocks("at end");
}

static void mode_spin(long n) {
  uint64_t t0 = now(1);
  volatile uint64_t x = 0;
  for (long i = 0; i < n; ++i) x += (uint64_t)i;
  uint64_t t1 = now(1);
  printf("spin %ld: monotonic advanced %d\n", n, t1 > t0);
}

int main(int argc, char** argv) {
  if (argc < 2) return 2;
  if (strcmp(argv[1], "observe") == 0) mode_observe(argc > 2 ? (uint64_t)atol(argv[2]) * 1000000u : 5000000000ull);
  if (strcmp(argv[1], "write") == 0) mode_write();
  if (strcmp(argv[1], "spin") == 0 && argc > 2) mode_spin(atol(argv[2]));
  return 0;
}
