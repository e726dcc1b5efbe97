/* tests/wasi/guests/stateful.c: a guest whose output depends on every piece of WASI
 * state a snapshot carries — file offsets (reading, writing, seeking, appending), an
 * fd_readdir in progress, stdin consumed in pieces, the random stream, the virtual clock
 * and what poll_oneoff slept, renamed files and virtual file times — with computation
 * between the calls, so a pause can land anywhere. state_restore_test.cc pauses it at
 * many points, restores it into a fresh store and compares with an uninterrupted run.
 * Grants: "in" (ro) holding data.txt and a few files, "out" (rw, empty). */
#include <stdlib.h>
#include <time.h>

#include "raw_wasi.h"

static uint32_t mix(uint32_t h, uint32_t v) {
  for (int i = 0; i < 200; ++i) h = (h ^ v) * 16777619u + (uint32_t)i;
  return h;
}

static int32_t write_all(int32_t fd, const void* p, uint32_t n) {
  uint32_t iov[2] = {(uint32_t)(uintptr_t)p, n}, done = 0;
  return raw_fd_write(fd, PTR(iov), 1, PTR(&done));
}

static uint32_t read_some(int32_t fd, void* p, uint32_t n) {
  uint32_t iov[2] = {(uint32_t)(uintptr_t)p, n}, done = 0;
  int32_t e = raw_fd_read(fd, PTR(iov), 1, PTR(&done));
  return e == 0 ? done : 0;
}

static void sleep_ns(uint64_t ns) {
  uint8_t sub[48] __attribute__((aligned(8))) = {0};
  uint8_t ev[32] __attribute__((aligned(8)));
  uint32_t id = 1, n;
  memcpy(sub + 16, &id, 4);
  memcpy(sub + 24, &ns, 8);
  raw_poll_oneoff(PTR(sub), PTR(ev), 1, PTR(&n));
}

int main(void) {
  int32_t in = preopen("in"), out = preopen("out");
  uint32_t h = 2166136261u;
  char line[256];

  /* a file read in small pieces, and a log written in pieces and appended to */
  int32_t data, log, app;
  open_at(in, FOLLOW, "data.txt", 0, R_FD_READ | R_FD_SEEK | R_FD_TELL, &data);
  open_at(out, FOLLOW, "log.txt", O_CREAT_ | O_TRUNC_, R_FD_WRITE | R_FD_SEEK | R_FD_TELL | R_FD_FILESTAT_GET, &log);
  raw_path_open(out, FOLLOW, S("append.txt"), O_CREAT_, (int64_t)(R_FD_WRITE | R_FD_FILESTAT_GET), 0, 1 /* APPEND */,
                PTR(&app));
  int32_t dir;
  open_at(in, FOLLOW, ".", O_DIRECTORY_, R_FD_READDIR, &dir);
  uint64_t cookie = 0;

  for (int round = 0; round < 12; ++round) {
    char piece[16] = {0};
    uint32_t got = read_some(data, piece, 5);
    for (uint32_t i = 0; i < got; ++i) h = mix(h, (uint8_t)piece[i]);
    char from_stdin[16] = {0};
    uint32_t in_bytes = read_some(0, from_stdin, 3);
    uint8_t r[4] = {0};
    raw_random_get(PTR(r), 3);
    uint64_t t = 0, cpu = 0;
    raw_clock_time_get(0, 1, PTR(&t));
    raw_clock_time_get(2, 1, PTR(&cpu));
    /* one directory entry per round: a listing in progress across pauses */
    uint8_t ent[128] __attribute__((aligned(8)));
    uint32_t used = 0;
    raw_fd_readdir(dir, PTR(ent), sizeof ent, (int64_t)cookie, PTR(&used));
    char name[32] = "-";
    if (used >= 24) {
      uint32_t namlen;
      memcpy(&cookie, ent, 8);
      memcpy(&namlen, ent + 16, 4);
      if (namlen > 31) namlen = 31;
      if (24 + namlen <= used) memcpy(name, ent + 24, namlen), name[namlen] = 0;
    }
    int n = snprintf(line, sizeof line,
                     "round %d: data '%s' stdin '%.*s' random %02x%02x%02x realtime %llu cpu %llu entry %s hash %08x\n",
                     round, piece, (int)in_bytes, from_stdin, r[0], r[1], r[2], (unsigned long long)t,
                     (unsigned long long)cpu, name, h);
    write_all(1, line, (uint32_t)n);
    write_all(log, line, (uint32_t)n);
    write_all(app, "+", 1);
    if (round % 4 == 3) {
      uint64_t pos = 0;
      raw_fd_seek(log, -10, 1, PTR(&pos)); /* back over part of the last line */
      write_all(log, "<<seek>>", 8);
      sleep_ns(1000000u * (uint64_t)(round + 1));
    }
    if (round == 6) raw_path_rename(out, S("log.txt"), out, S("renamed.txt"));
  }
  uint64_t pos = 0;
  raw_fd_tell(log, PTR(&pos));
  uint8_t st[64] __attribute__((aligned(8)));
  raw_fd_filestat_get(log, PTR(st));
  uint64_t size, mtim;
  memcpy(&size, st + 32, 8);
  memcpy(&mtim, st + 48, 8);
  printf("log at %llu of %llu, mtime %llu, hash %08x\n", (unsigned long long)pos, (unsigned long long)size,
         (unsigned long long)mtim, h);
  return 3;
}
