/* tests/wasi/guests/calls.c: exercises every wasi_snapshot_preview1 function through its
 * raw import, one group per mode (calls MODE ...), printing only what is deterministic so
 * functions_test.cc can compare it exactly. Grants: "rw" read-write scratch dir, "ro". */
#include <stdlib.h>

#include "raw_wasi.h"

#define CHECK(expr, want)                                                          \
  do {                                                                             \
    int32_t got_ = (expr);                                                         \
    if (got_ != (want)) printf("FAIL line %d: %s = %d, want %d\n", __LINE__, #expr, got_, (want)); \
  } while (0)

static char buf[8192] __attribute__((aligned(16)));
static int32_t RW, RO;

static uint32_t iov1[2], iov2[4];
static P Iov(const void* p, uint32_t n) {
  iov1[0] = (uint32_t)(uintptr_t)p;
  iov1[1] = n;
  return PTR(iov1);
}

static int32_t create(int32_t dir, const char* path, int32_t* fd) {
  uint64_t rights = R_FD_READ | R_FD_WRITE | R_FD_SEEK | R_FD_TELL | R_FD_FILESTAT_GET | R_FD_FILESTAT_SET_SIZE |
                    R_FD_FILESTAT_SET_TIMES | R_FD_ALLOCATE | R_FD_ADVISE | R_FD_SYNC | R_FD_DATASYNC |
                    R_FD_FDSTAT_SET_FLAGS | R_POLL_FD_READWRITE;
  return raw_path_open(dir, FOLLOW, S(path), O_CREAT_ | O_TRUNC_, (int64_t)rights, 0, 0, PTR(fd));
}

static void write_str(int32_t fd, const char* s) {
  uint32_t n;
  CHECK(raw_fd_write(fd, Iov(s, strlen(s)), 1, PTR(&n)), 0);
}

static void strings(int32_t (*sizes)(P, P), int32_t (*get)(P, P), const char* what) {
  uint32_t count = 0, size = 0;
  CHECK(sizes(PTR(&count), PTR(&size)), 0);
  uint32_t ptrs[16];
  CHECK(get(PTR(ptrs), PTR(buf)), 0);
  printf("%s count=%u size=%u\n", what, count, size);
  for (uint32_t i = 0; i < count && i < 16; ++i) printf("  [%u] %s\n", i, (const char*)(uintptr_t)ptrs[i]);
}

static void mode_args(void) { strings(raw_args_sizes_get, raw_args_get, "args"); }
static void mode_environ(void) { strings(raw_environ_sizes_get, raw_environ_get, "environ"); }

static void mode_clocks(void) {
  uint64_t res, t1, t2;
  for (int32_t id = 0; id < 4; ++id) {
    CHECK(raw_clock_res_get(id, PTR(&res)), 0);
    CHECK(res > 0 && res <= 1000000000ull, 1);
    CHECK(raw_clock_time_get(id, 1, PTR(&t1)), 0);
  }
  CHECK(raw_clock_time_get(1, 0, PTR(&t1)), 0);
  CHECK(raw_clock_time_get(1, 0, PTR(&t2)), 0);
  CHECK(t2 >= t1, 1);
  CHECK(raw_clock_time_get(0, 0, PTR(&t1)), 0);
  CHECK(t1 > 1600000000ull * 1000000000ull, 1); /* after 2020, in nanoseconds */
  CHECK(raw_clock_res_get(4, PTR(&res)), 28);
  CHECK(raw_clock_time_get(99, 0, PTR(&t1)), 28);
  printf("clocks ok\n");
}

static void mode_random(void) {
  uint8_t a[64] = {0}, b[64] = {0};
  CHECK(raw_random_get(PTR(a), sizeof a), 0);
  CHECK(raw_random_get(PTR(b), sizeof b), 0);
  CHECK(memcmp(a, b, sizeof a) != 0, 1);
  CHECK(raw_random_get(PTR(a), 0), 0);
  printf("random ok\n");
}

static void mode_raise(void) {
  CHECK(raw_proc_raise(0), 0);
  CHECK(raw_proc_raise(16), 0);  /* SIGCHLD: ignored */
  CHECK(raw_proc_raise(18), 58); /* SIGSTOP: ENOTSUP */
  CHECK(raw_proc_raise(31), 28);
  CHECK(raw_sched_yield(), 0);
  printf("raising SIGABRT\n");
  fflush(stdout);
  raw_proc_raise(6);
  printf("still here\n");
}

static void print_fdstat(int32_t fd) {
  uint8_t st[24] __attribute__((aligned(8)));
  int32_t e = raw_fd_fdstat_get(fd, PTR(st));
  if (e != 0) {
    printf("fd %d fdstat errno %d\n", fd, e);
    return;
  }
  uint16_t flags;
  uint64_t base, inheriting;
  memcpy(&flags, st + 2, 2);
  memcpy(&base, st + 8, 8);
  memcpy(&inheriting, st + 16, 8);
  printf("fd %d type %u flags %u base %llx inheriting %llx\n", fd, st[0], flags, (unsigned long long)base,
         (unsigned long long)inheriting);
}

static void mode_fdstat(void) {
  for (int32_t fd = 0; fd < 6; ++fd) print_fdstat(fd);
}

static void mode_prestat(void) {
  uint32_t prestat[2];
  CHECK(raw_fd_prestat_get(RO, PTR(prestat)), 0);
  printf("prestat tag %u len %u\n", prestat[0] & 0xff, prestat[1]);
  memset(buf, '#', 16);
  CHECK(raw_fd_prestat_dir_name(RO, PTR(buf), (int32_t)prestat[1]), 0);
  printf("name %.*s then %c\n", (int)prestat[1], buf, buf[prestat[1]]);
  CHECK(raw_fd_prestat_dir_name(RO, PTR(buf), 1), 37); /* ENAMETOOLONG */
  CHECK(raw_fd_prestat_get(0, PTR(prestat)), 8);
  CHECK(raw_fd_prestat_get(60, PTR(prestat)), 8);
  int32_t sub;
  CHECK(raw_path_open(RO, FOLLOW, S("sub"), O_DIRECTORY_, (int64_t)(R_FD_READDIR | R_PATH_OPEN), 0, 0, PTR(&sub)), 0);
  CHECK(raw_fd_prestat_get(sub, PTR(prestat)), 8);
  printf("prestat ok\n");
}

static uint64_t stat_u64(const uint8_t* st, int off) {
  uint64_t v;
  memcpy(&v, st + off, 8);
  return v;
}

static void mode_file_io(void) {
  int32_t fd;
  uint32_t n;
  uint64_t pos;
  uint8_t st[64] __attribute__((aligned(8)));
  CHECK(create(RW, "f.txt", &fd), 0);
  iov2[0] = (uint32_t)(uintptr_t) "hello ";
  iov2[1] = 6;
  iov2[2] = (uint32_t)(uintptr_t) "world";
  iov2[3] = 5;
  CHECK(raw_fd_write(fd, PTR(iov2), 2, PTR(&n)), 0);
  CHECK(n, 11);
  CHECK(raw_fd_tell(fd, PTR(&pos)), 0);
  CHECK((int32_t)pos, 11);
  CHECK(raw_fd_seek(fd, 0, 0, PTR(&pos)), 0);
  CHECK(raw_fd_read(fd, Iov(buf, 5), 1, PTR(&n)), 0);
  printf("read %.*s\n", (int)n, buf);
  CHECK(raw_fd_seek(fd, -3, 2, PTR(&pos)), 0);
  CHECK((int32_t)pos, 8);
  CHECK(raw_fd_read(fd, Iov(buf, 100), 1, PTR(&n)), 0);
  printf("tail %.*s\n", (int)n, buf);
  CHECK(raw_fd_read(fd, Iov(buf, 100), 1, PTR(&n)), 0);
  CHECK(n, 0); /* end of file */
  CHECK(raw_fd_seek(fd, 2, 1, PTR(&pos)), 0);
  CHECK((int32_t)pos, 13); /* past the end is allowed */
  CHECK(raw_fd_seek(fd, -100, 1, PTR(&pos)), 28);
  CHECK(raw_fd_seek(fd, 0, 7, PTR(&pos)), 28);
  CHECK(raw_fd_pread(fd, Iov(buf, 5), 1, 6, PTR(&n)), 0);
  printf("pread %.*s\n", (int)n, buf);
  CHECK(raw_fd_pwrite(fd, Iov("HELLO", 5), 1, 0, PTR(&n)), 0);
  CHECK(raw_fd_tell(fd, PTR(&pos)), 0);
  CHECK((int32_t)pos, 13); /* positioned I/O leaves the offset alone */
  CHECK(raw_fd_pread(fd, Iov(buf, 64), 1, 0, PTR(&n)), 0);
  printf("now %.*s\n", (int)n, buf);
  CHECK(raw_fd_filestat_get(fd, PTR(st)), 0);
  printf("filestat type %u nlink %llu size %llu\n", st[16], (unsigned long long)stat_u64(st, 24),
         (unsigned long long)stat_u64(st, 32));
  CHECK(raw_fd_filestat_set_size(fd, 4), 0);
  CHECK(raw_fd_allocate(fd, 0, 100), 0);
  CHECK(raw_fd_filestat_get(fd, PTR(st)), 0);
  printf("size after truncate and allocate %llu\n", (unsigned long long)stat_u64(st, 32));
  CHECK(raw_fd_advise(fd, 0, 0, 1), 0);
  CHECK(raw_fd_advise(fd, 0, 0, 9), 28);
  CHECK(raw_fd_datasync(fd), 0);
  CHECK(raw_fd_sync(fd), 0);
  CHECK(raw_fd_filestat_set_times(fd, 1000000000123ll, 2000000000456ll, 1 | 4), 0);
  CHECK(raw_fd_filestat_get(fd, PTR(st)), 0);
  printf("times %llu %llu\n", (unsigned long long)stat_u64(st, 40), (unsigned long long)stat_u64(st, 48));
  CHECK(raw_fd_filestat_set_times(fd, 0, 0, 1 | 2), 28);
  CHECK(raw_fd_filestat_set_times(fd, 0, 0, 16), 28);
  /* append mode */
  CHECK(raw_fd_fdstat_set_flags(fd, 1), 0);
  CHECK(raw_fd_seek(fd, 0, 0, PTR(&pos)), 0);
  CHECK(raw_fd_write(fd, Iov("!", 1), 1, PTR(&n)), 0);
  CHECK(raw_fd_tell(fd, PTR(&pos)), 0);
  printf("append lands at %llu\n", (unsigned long long)pos);
  CHECK(raw_fd_fdstat_set_flags(fd, 16), 58); /* SYNC cannot change: ENOTSUP */
  CHECK(raw_fd_fdstat_set_flags(fd, 64), 28);
  CHECK(raw_fd_fdstat_set_flags(fd, 0), 0);
  print_fdstat(fd);
  /* rights only shrink */
  CHECK(raw_fd_fdstat_set_rights(fd, (int64_t)(R_FD_READ | R_FD_SEEK | R_FD_TELL), 0), 0);
  CHECK(raw_fd_write(fd, Iov("x", 1), 1, PTR(&n)), 76);
  CHECK(raw_fd_fdstat_set_rights(fd, (int64_t)(R_FD_READ | R_FD_WRITE), 0), 76);
  print_fdstat(fd);
  /* renumber and close */
  int32_t other;
  CHECK(create(RW, "g.txt", &other), 0);
  CHECK(raw_fd_renumber(fd, other), 0);
  CHECK(raw_fd_tell(other, PTR(&pos)), 0);
  printf("renumbered keeps offset %llu\n", (unsigned long long)pos);
  CHECK(raw_fd_close(fd), 8);
  CHECK(raw_fd_close(other), 0);
  CHECK(raw_fd_close(other), 8);
  /* open flags */
  CHECK(raw_path_open(RW, FOLLOW, S("f.txt"), O_CREAT_ | O_EXCL_, (int64_t)R_FD_WRITE, 0, 0, PTR(&fd)), 20);
  CHECK(raw_path_open(RW, FOLLOW, S("f.txt"), O_DIRECTORY_, (int64_t)R_FD_READ, 0, 0, PTR(&fd)), 54);
  CHECK(raw_path_open(RW, FOLLOW, S("missing"), 0, (int64_t)R_FD_READ, 0, 0, PTR(&fd)), 44);
  CHECK(raw_path_open(RW, FOLLOW, S("f.txt"), 16, (int64_t)R_FD_READ, 0, 0, PTR(&fd)), 28);
  CHECK(raw_path_open(RW, FOLLOW, S("f.txt"), O_TRUNC_, (int64_t)(R_FD_WRITE | R_FD_FILESTAT_GET), 0, 0, PTR(&fd)), 0);
  CHECK(raw_fd_filestat_get(fd, PTR(st)), 0);
  printf("after O_TRUNC size %llu\n", (unsigned long long)stat_u64(st, 32));
  CHECK(raw_fd_read(fd, Iov(buf, 1), 1, PTR(&n)), 76); /* opened without FD_READ */
  CHECK(raw_fd_readdir(fd, PTR(buf), 100, 0, PTR(&n)), 54);
  CHECK(raw_fd_close(fd), 0);
  /* a directory is not a file */
  CHECK(raw_fd_read(RW, Iov(buf, 1), 1, PTR(&n)), 8);
  CHECK(raw_fd_seek(RW, 0, 0, PTR(&pos)), 8);
  CHECK(raw_path_unlink_file(RW, S("f.txt")), 0);
  CHECK(raw_path_unlink_file(RW, S("g.txt")), 0);
  printf("file_io ok\n");
}

struct Entry {
  char name[64];
  uint8_t type;
};

static int compare(const void* a, const void* b) {
  return strcmp(((const struct Entry*)a)->name, ((const struct Entry*)b)->name);
}

/* Lists `dir` from `cookie` with a buffer of `len` bytes: prints the names in name order
 * (the file system's order is not stable) and checks the d_next chain. */
static void list(int32_t dir, uint64_t cookie, uint32_t len) {
  uint32_t used;
  CHECK(raw_fd_readdir(dir, PTR(buf), (int32_t)len, (int64_t)cookie, PTR(&used)), 0);
  struct Entry entries[32];
  int count = 0;
  uint32_t at = 0;
  uint64_t next = cookie;
  while (at + 24 <= used && count < 32) {
    uint64_t d_next;
    uint32_t namlen;
    memcpy(&d_next, buf + at, 8);
    memcpy(&namlen, buf + at + 16, 4);
    if (d_next != next + 1)
      printf("FAIL d_next %llu after %llu\n", (unsigned long long)d_next, (unsigned long long)next);
    next = d_next;
    if (at + 24 + namlen > used) break; /* cut at the buffer's end */
    snprintf(entries[count].name, sizeof entries[count].name, "%.*s", (int)namlen, buf + at + 24);
    entries[count].type = (uint8_t)buf[at + 20];
    ++count;
    at += 24 + namlen;
  }
  qsort(entries, (size_t)count, sizeof entries[0], compare);
  printf("readdir from %llu (%u of %u bytes):", (unsigned long long)cookie, used, len);
  for (int i = 0; i < count; ++i) printf(" %s/%u", entries[i].name, entries[i].type);
  printf("\n");
}

static void mode_dirs(void) {
  int32_t fd, dir;
  uint32_t used;
  uint8_t st[64] __attribute__((aligned(8)));
  CHECK(raw_path_create_directory(RW, S("d")), 0);
  CHECK(raw_path_create_directory(RW, S("d")), 20);
  CHECK(create(RW, "d/a.txt", &fd), 0);
  write_str(fd, "alpha");
  CHECK(raw_fd_close(fd), 0);
  CHECK(create(RW, "d/b.txt", &fd), 0);
  CHECK(raw_fd_close(fd), 0);
  CHECK(raw_path_symlink(S("a.txt"), RW, S("d/l")), 0);
  CHECK(raw_path_open(RW, FOLLOW, S("d"), O_DIRECTORY_, (int64_t)(R_FD_READDIR | R_PATH_OPEN | R_PATH_UNLINK_FILE),
                      0, 0, PTR(&dir)),
        0);
  list(dir, 0, sizeof buf);
  list(dir, 1000, sizeof buf);
  /* Which entries follow cookie 3 depends on the file system's order; how many does not. */
  CHECK(raw_fd_readdir(dir, PTR(buf), sizeof buf, 3, PTR(&used)), 0);
  int after3 = 0;
  for (uint32_t at = 0; at + 24 <= used; ++after3) {
    uint32_t namlen;
    memcpy(&namlen, buf + at + 16, 4);
    at += 24 + namlen;
  }
  printf("entries after cookie 3: %d\n", after3);
  CHECK(raw_fd_readdir(dir, PTR(buf), 30, 0, PTR(&used)), 0);
  printf("small buffer used %u\n", used);
  /* readlink */
  CHECK(raw_path_readlink(RW, S("d/l"), PTR(buf), 64, PTR(&used)), 0);
  printf("readlink %.*s\n", (int)used, buf);
  CHECK(raw_path_readlink(RW, S("d/l"), PTR(buf), 3, PTR(&used)), 0);
  printf("readlink truncated %.*s (%u)\n", (int)used, buf, used);
  CHECK(raw_path_readlink(RW, S("d/a.txt"), PTR(buf), 64, PTR(&used)), 28);
  /* stat: nofollow / follow */
  CHECK(raw_path_filestat_get(RW, 0, S("d/l"), PTR(st)), 0);
  printf("nofollow type %u size %llu\n", st[16], (unsigned long long)stat_u64(st, 32));
  CHECK(raw_path_filestat_get(RW, FOLLOW, S("d/l"), PTR(st)), 0);
  printf("follow type %u size %llu\n", st[16], (unsigned long long)stat_u64(st, 32));
  CHECK(raw_path_filestat_get(RW, 0, S("d/"), PTR(st)), 0);
  printf("d/ type %u\n", st[16]);
  CHECK(raw_path_filestat_get(RW, 0, S("d/a.txt/"), PTR(st)), 54);
  CHECK(raw_path_filestat_get(RW, 0, S("."), PTR(st)), 0);
  printf(". type %u\n", st[16]);
  /* set times by path */
  CHECK(raw_path_filestat_set_times(RW, 0, S("d/a.txt"), 5000000000ll, 6000000007ll, 1 | 4), 0);
  CHECK(raw_path_filestat_get(RW, 0, S("d/a.txt"), PTR(st)), 0);
  printf("path times %llu %llu\n", (unsigned long long)stat_u64(st, 40), (unsigned long long)stat_u64(st, 48));
  CHECK(raw_path_filestat_set_times(RW, FOLLOW, S("d/l"), 0, 7000000000ll, 4), 0);
  CHECK(raw_path_filestat_get(RW, 0, S("d/a.txt"), PTR(st)), 0);
  printf("through link mtim %llu\n", (unsigned long long)stat_u64(st, 48));
  /* hard link, rename, unlink */
  CHECK(raw_path_link(RW, 0, S("d/a.txt"), RW, S("d/hard")), 0);
  CHECK(raw_path_filestat_get(RW, 0, S("d/hard"), PTR(st)), 0);
  printf("nlink %llu\n", (unsigned long long)stat_u64(st, 24));
  CHECK(raw_path_link(RW, 0, S("d/a.txt"), RW, S("d/hard")), 20);
  CHECK(raw_path_link(RW, 0, S("d"), RW, S("d2")), 63); /* EPERM: directories */
  CHECK(raw_path_rename(RW, S("d/b.txt"), RW, S("d/c.txt")), 0);
  CHECK(raw_path_filestat_get(RW, 0, S("d/b.txt"), PTR(st)), 44);
  CHECK(raw_path_rename(RW, S("d/c.txt/"), RW, S("d/e.txt")), 54);
  CHECK(raw_path_unlink_file(RW, S("d/c.txt")), 0);
  CHECK(raw_path_unlink_file(RW, S("d")), 31);
  CHECK(raw_path_unlink_file(RW, S("d/")), 31);
  CHECK(raw_path_remove_directory(RW, S("d")), 55);
  CHECK(raw_path_remove_directory(RW, S("d/a.txt")), 54);
  /* dangling symlinks, loops, nofollow */
  CHECK(raw_path_symlink(S("missing.txt"), RW, S("d/dangling")), 0);
  CHECK(raw_path_filestat_get(RW, 0, S("d/dangling"), PTR(st)), 0);
  CHECK(raw_path_filestat_get(RW, FOLLOW, S("d/dangling"), PTR(st)), 44);
  CHECK(raw_path_open(RW, FOLLOW, S("d/dangling"), O_CREAT_, (int64_t)R_FD_WRITE, 0, 0, PTR(&fd)), 0);
  CHECK(raw_fd_close(fd), 0);
  CHECK(raw_path_filestat_get(RW, 0, S("d/missing.txt"), PTR(st)), 0);
  printf("created through dangling link: type %u\n", st[16]);
  CHECK(raw_path_symlink(S("lb"), RW, S("d/la")), 0);
  CHECK(raw_path_symlink(S("la"), RW, S("d/lb")), 0);
  CHECK(raw_path_open(RW, FOLLOW, S("d/la"), 0, (int64_t)R_FD_READ, 0, 0, PTR(&fd)), 32);
  CHECK(raw_path_open(RW, 0, S("d/l"), 0, (int64_t)R_FD_READ, 0, 0, PTR(&fd)), 32);
  CHECK(raw_path_symlink(S("a.txt"), RW, S("d/l")), 20);
  CHECK(raw_path_symlink(S("sub/../a.txt"), RW, S("d/deeper")), 0); /* stays inside */
  /* trailing slashes on directories */
  CHECK(raw_path_create_directory(RW, S("e/")), 0);
  CHECK(raw_path_remove_directory(RW, S("e/")), 0);
  /* clean up with the directory's own fd */
  const char* names[] = {"a.txt", "hard", "l", "dangling", "missing.txt", "la", "lb", "deeper"};
  for (size_t i = 0; i < sizeof names / sizeof names[0]; ++i) CHECK(raw_path_unlink_file(dir, S(names[i])), 0);
  list(dir, 0, sizeof buf);
  CHECK(raw_fd_close(dir), 0);
  CHECK(raw_path_remove_directory(RW, S("d")), 0);
  printf("dirs ok\n");
}

static void mode_poll(void) {
  uint8_t subs[48 * 4] __attribute__((aligned(8)));
  uint8_t events[32 * 4] __attribute__((aligned(8)));
  uint32_t n;
  uint64_t t0, t1;
  memset(subs, 0, sizeof subs);
  /* a relative 20 ms monotonic clock */
  uint64_t userdata = 0x1234, timeout = 20000000;
  memcpy(subs, &userdata, 8);
  subs[8] = 0;
  uint32_t id = 1;
  memcpy(subs + 16, &id, 4);
  memcpy(subs + 24, &timeout, 8);
  raw_clock_time_get(1, 0, PTR(&t0));
  CHECK(raw_poll_oneoff(PTR(subs), PTR(events), 1, PTR(&n)), 0);
  raw_clock_time_get(1, 0, PTR(&t1));
  uint64_t got_userdata;
  memcpy(&got_userdata, events, 8);
  printf("clock: %u event(s), userdata %llx, type %u, error %u, waited enough %d\n", n,
         (unsigned long long)got_userdata, events[10], events[8], t1 - t0 >= timeout);
  /* an absolute deadline in the past fires at once */
  uint16_t abstime = 1;
  timeout = 1;
  memcpy(subs + 24, &timeout, 8);
  memcpy(subs + 40, &abstime, 2);
  CHECK(raw_poll_oneoff(PTR(subs), PTR(events), 1, PTR(&n)), 0);
  printf("abstime past: %u event(s)\n", n);
  /* fd subscriptions: a regular file is always ready; so is stdout */
  int32_t fd;
  CHECK(create(RW, "p.txt", &fd), 0);
  write_str(fd, "12345");
  CHECK(raw_fd_seek(fd, 1, 0, (P)(uintptr_t)&t0), 0);
  memset(subs, 0, sizeof subs);
  userdata = 7;
  memcpy(subs, &userdata, 8);
  subs[8] = 1; /* fd_read */
  memcpy(subs + 16, &fd, 4);
  userdata = 8;
  memcpy(subs + 48, &userdata, 8);
  subs[48 + 8] = 2; /* fd_write */
  uint32_t one = 1;
  memcpy(subs + 48 + 16, &one, 4);
  userdata = 9;
  memcpy(subs + 96, &userdata, 8);
  subs[96 + 8] = 1;
  uint32_t bad = 99;
  memcpy(subs + 96 + 16, &bad, 4);
  userdata = 10; /* a clock far away must not fire */
  memcpy(subs + 144, &userdata, 8);
  subs[144 + 8] = 0;
  memcpy(subs + 144 + 16, &id, 4);
  timeout = 60000000000ull;
  memcpy(subs + 144 + 24, &timeout, 8);
  CHECK(raw_poll_oneoff(PTR(subs), PTR(events), 4, PTR(&n)), 0);
  printf("fds: %u event(s)\n", n);
  for (uint32_t i = 0; i < n; ++i) {
    uint64_t u, nbytes;
    uint16_t err;
    memcpy(&u, events + 32 * i, 8);
    memcpy(&err, events + 32 * i + 8, 2);
    memcpy(&nbytes, events + 32 * i + 16, 8);
    printf("  userdata %llu type %u error %u nbytes %llu\n", (unsigned long long)u, events[32 * i + 10], err,
           (unsigned long long)(events[32 * i + 10] == 1 ? nbytes : 0));
  }
  CHECK(raw_poll_oneoff(PTR(subs), PTR(events), 0, PTR(&n)), 28);
  subs[8] = 3; /* no such event type */
  CHECK(raw_poll_oneoff(PTR(subs), PTR(events), 1, PTR(&n)), 28);
  raw_fd_close(fd);
  raw_path_unlink_file(RW, S("p.txt"));
  printf("poll ok\n");
}

static void mode_stdin(void) {
  uint32_t n, total = 0;
  do {
    CHECK(raw_fd_read(0, Iov(buf + total, 7), 1, PTR(&n)), 0);
    total += n;
  } while (n > 0 && total < sizeof buf - 8);
  printf("stdin %u bytes: %.*s\n", total, (int)total, buf);
}

static void mode_sock(int32_t listener) {
  int32_t conn, none;
  uint32_t n;
  uint16_t oflags = 0xffff;
  print_fdstat(listener);
  CHECK(raw_sock_accept(listener, 2, PTR(&conn)), 28); /* flags other than NONBLOCK */
  CHECK(raw_sock_accept(listener, 0, PTR(&conn)), 0);
  print_fdstat(conn);
  CHECK(raw_sock_recv(conn, Iov(buf, 4), 1, 1 /* peek */, PTR(&n), PTR(&oflags)), 0);
  printf("peek %.*s oflags %u\n", (int)n, buf, oflags);
  CHECK(raw_sock_recv(conn, Iov(buf, 4), 1, 2 /* waitall */, PTR(&n), PTR(&oflags)), 0);
  printf("recv %.*s\n", (int)n, buf);
  CHECK(raw_sock_send(conn, Iov("pong", 4), 1, 0, PTR(&n)), 0);
  CHECK(raw_sock_send(conn, Iov("x", 1), 1, 1, PTR(&n)), 28);
  CHECK(raw_sock_shutdown(conn, 7), 28);
  CHECK(raw_sock_shutdown(conn, 2), 0);
  CHECK(raw_sock_recv(listener, Iov(buf, 4), 1, 0, PTR(&n), PTR(&oflags)), 76);
  CHECK(raw_fd_fdstat_set_flags(listener, 4 /* NONBLOCK */), 0);
  CHECK(raw_sock_accept(listener, 0, PTR(&none)), 6); /* EAGAIN: nobody waiting */
  CHECK(raw_sock_accept(conn, 0, PTR(&none)), 76);
  CHECK(raw_fd_close(conn), 0);
  printf("sock ok\n");
}

/* The libc on top: stdio, dirent, stat, rename, remove. */
static void mode_libc(void) {
  FILE* f = fopen("rw/libc.txt", "w");
  if (!f) {
    printf("fopen failed\n");
    return;
  }
  fprintf(f, "line one\nline two\n");
  fclose(f);
  f = fopen("rw/libc.txt", "r");
  char line[64];
  while (fgets(line, sizeof line, f)) printf("got %s", line);
  fclose(f);
  if (rename("rw/libc.txt", "rw/libc2.txt") != 0) printf("rename failed\n");
  f = fopen("ro/data.txt", "r");
  printf("ro read %s\n", f && fgets(line, sizeof line, f) ? line : "(failed)");
  if (f) fclose(f);
  printf("ro write %s\n", fopen("ro/new.txt", "w") ? "allowed" : "refused");
  if (remove("rw/libc2.txt") != 0) printf("remove failed\n");
  printf("libc ok\n");
}

/* Leaves descriptors open for the test to inspect in wasm terms (what a snapshot keeps). */
static void mode_keep_open(void) {
  int32_t fd, sub, moved;
  uint64_t pos;
  CHECK(raw_path_create_directory(RW, S("k")), 0);
  CHECK(create(RW, "k/./file.txt", &fd), 0);
  write_str(fd, "12345");
  CHECK(raw_fd_seek(fd, 2, 0, PTR(&pos)), 0);
  CHECK(raw_path_open(RW, FOLLOW, S("k"), O_DIRECTORY_, (int64_t)(R_FD_READDIR | R_PATH_OPEN), (int64_t)R_FD_READ, 0,
                      PTR(&sub)),
        0);
  CHECK(raw_path_open(sub, FOLLOW, S("file.txt"), 0, (int64_t)R_FD_READ, 0, 1 /* append */, PTR(&moved)), 0);
  CHECK(raw_path_rename(RW, S("k"), RW, S("k2")), 0);
  printf("kept\n");
}

int main(int argc, char** argv) {
  RW = preopen("rw");
  RO = preopen("ro");
  if (argc < 2) return 2;
  const char* mode = argv[1];
  if (!strcmp(mode, "args")) mode_args();
  else if (!strcmp(mode, "environ")) mode_environ();
  else if (!strcmp(mode, "clocks")) mode_clocks();
  else if (!strcmp(mode, "random")) mode_random();
  else if (!strcmp(mode, "exit")) exit(atoi(argv[2]));
  else if (!strcmp(mode, "raise")) mode_raise();
  else if (!strcmp(mode, "fdstat")) mode_fdstat();
  else if (!strcmp(mode, "prestat")) mode_prestat();
  else if (!strcmp(mode, "file_io")) mode_file_io();
  else if (!strcmp(mode, "dirs")) mode_dirs();
  else if (!strcmp(mode, "poll")) mode_poll();
  else if (!strcmp(mode, "stdin")) mode_stdin();
  else if (!strcmp(mode, "sock")) mode_sock(atoi(argv[2]));
  else if (!strcmp(mode, "libc")) mode_libc();
  else if (!strcmp(mode, "keep_open")) mode_keep_open();
  else return 2;
  return 0;
}
