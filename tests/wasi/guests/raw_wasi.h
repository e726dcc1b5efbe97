/* tests/wasi/guests/raw_wasi.h: every wasi_snapshot_preview1 import with raw integer
 * arguments, so a guest can pass any pointer and length it likes (the point of the escape
 * tests), plus small output helpers. Guest-side only. */
#ifndef CELLA_RAW_WASI_H
#define CELLA_RAW_WASI_H

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define RAW(name) __attribute__((import_module("wasi_snapshot_preview1"), import_name(#name)))
typedef int32_t P; /* a guest pointer, passed as any 32-bit value */

RAW(args_get) int32_t raw_args_get(P argv, P buf);
RAW(args_sizes_get) int32_t raw_args_sizes_get(P argc, P size);
RAW(environ_get) int32_t raw_environ_get(P env, P buf);
RAW(environ_sizes_get) int32_t raw_environ_sizes_get(P count, P size);
RAW(clock_res_get) int32_t raw_clock_res_get(int32_t id, P out);
RAW(clock_time_get) int32_t raw_clock_time_get(int32_t id, int64_t precision, P out);
RAW(fd_advise) int32_t raw_fd_advise(int32_t fd, int64_t offset, int64_t len, int32_t advice);
RAW(fd_allocate) int32_t raw_fd_allocate(int32_t fd, int64_t offset, int64_t len);
RAW(fd_close) int32_t raw_fd_close(int32_t fd);
RAW(fd_datasync) int32_t raw_fd_datasync(int32_t fd);
RAW(fd_fdstat_get) int32_t raw_fd_fdstat_get(int32_t fd, P out);
RAW(fd_fdstat_set_flags) int32_t raw_fd_fdstat_set_flags(int32_t fd, int32_t flags);
RAW(fd_fdstat_set_rights) int32_t raw_fd_fdstat_set_rights(int32_t fd, int64_t base, int64_t inheriting);
RAW(fd_filestat_get) int32_t raw_fd_filestat_get(int32_t fd, P out);
RAW(fd_filestat_set_size) int32_t raw_fd_filestat_set_size(int32_t fd, int64_t size);
RAW(fd_filestat_set_times) int32_t raw_fd_filestat_set_times(int32_t fd, int64_t atim, int64_t mtim, int32_t flags);
RAW(fd_pread) int32_t raw_fd_pread(int32_t fd, P iovs, int32_t count, int64_t offset, P nread);
RAW(fd_prestat_get) int32_t raw_fd_prestat_get(int32_t fd, P out);
RAW(fd_prestat_dir_name) int32_t raw_fd_prestat_dir_name(int32_t fd, P path, int32_t len);
RAW(fd_pwrite) int32_t raw_fd_pwrite(int32_t fd, P iovs, int32_t count, int64_t offset, P nwritten);
RAW(fd_read) int32_t raw_fd_read(int32_t fd, P iovs, int32_t count, P nread);
RAW(fd_readdir) int32_t raw_fd_readdir(int32_t fd, P buf, int32_t len, int64_t cookie, P used);
RAW(fd_renumber) int32_t raw_fd_renumber(int32_t fd, int32_t to);
RAW(fd_seek) int32_t raw_fd_seek(int32_t fd, int64_t offset, int32_t whence, P out);
RAW(fd_sync) int32_t raw_fd_sync(int32_t fd);
RAW(fd_tell) int32_t raw_fd_tell(int32_t fd, P out);
RAW(fd_write) int32_t raw_fd_write(int32_t fd, P iovs, int32_t count, P nwritten);
RAW(path_create_directory) int32_t raw_path_create_directory(int32_t fd, P path, int32_t len);
RAW(path_filestat_get) int32_t raw_path_filestat_get(int32_t fd, int32_t flags, P path, int32_t len, P out);
RAW(path_filestat_set_times)
int32_t raw_path_filestat_set_times(int32_t fd, int32_t flags, P path, int32_t len, int64_t atim, int64_t mtim,
                                    int32_t fst);
RAW(path_link)
int32_t raw_path_link(int32_t fd, int32_t flags, P path, int32_t len, int32_t new_fd, P new_path, int32_t new_len);
RAW(path_open)
int32_t raw_path_open(int32_t fd, int32_t dirflags, P path, int32_t len, int32_t oflags, int64_t base,
                      int64_t inheriting, int32_t fdflags, P out);
RAW(path_readlink) int32_t raw_path_readlink(int32_t fd, P path, int32_t len, P buf, int32_t buf_len, P used);
RAW(path_remove_directory) int32_t raw_path_remove_directory(int32_t fd, P path, int32_t len);
RAW(path_rename) int32_t raw_path_rename(int32_t fd, P path, int32_t len, int32_t new_fd, P new_path, int32_t new_len);
RAW(path_symlink) int32_t raw_path_symlink(P target, int32_t target_len, int32_t fd, P path, int32_t len);
RAW(path_unlink_file) int32_t raw_path_unlink_file(int32_t fd, P path, int32_t len);
RAW(poll_oneoff) int32_t raw_poll_oneoff(P in, P out, int32_t count, P nevents);
RAW(proc_raise) int32_t raw_proc_raise(int32_t signal);
RAW(sched_yield) int32_t raw_sched_yield(void);
RAW(random_get) int32_t raw_random_get(P buf, int32_t len);
RAW(sock_accept) int32_t raw_sock_accept(int32_t fd, int32_t flags, P out);
RAW(sock_recv) int32_t raw_sock_recv(int32_t fd, P iovs, int32_t count, int32_t flags, P len, P oflags);
RAW(sock_send) int32_t raw_sock_send(int32_t fd, P iovs, int32_t count, int32_t flags, P len);
RAW(sock_shutdown) int32_t raw_sock_shutdown(int32_t fd, int32_t how);

#define PTR(x) ((P)(uintptr_t)(x))
#define S(str) PTR(str), (int32_t)strlen(str) /* a C string as (ptr, len) */

/* Rights, oflags and flags used by the guests (witx values). */
#define R_FD_DATASYNC (1ull << 0)
#define R_FD_READ (1ull << 1)
#define R_FD_SEEK (1ull << 2)
#define R_FD_FDSTAT_SET_FLAGS (1ull << 3)
#define R_FD_SYNC (1ull << 4)
#define R_FD_TELL (1ull << 5)
#define R_FD_WRITE (1ull << 6)
#define R_FD_ADVISE (1ull << 7)
#define R_FD_ALLOCATE (1ull << 8)
#define R_PATH_CREATE_FILE (1ull << 10)
#define R_PATH_OPEN (1ull << 13)
#define R_FD_READDIR (1ull << 14)
#define R_FD_FILESTAT_GET (1ull << 21)
#define R_FD_FILESTAT_SET_SIZE (1ull << 22)
#define R_FD_FILESTAT_SET_TIMES (1ull << 23)
#define R_PATH_UNLINK_FILE (1ull << 26)
#define R_POLL_FD_READWRITE (1ull << 27)
#define R_ALL ((1ull << 30) - 1)
#define O_CREAT_ 1
#define O_DIRECTORY_ 2
#define O_EXCL_ 4
#define O_TRUNC_ 8
#define FOLLOW 1

/* Byte size of linear memory 0. */
static inline uint32_t memory_bytes(void) { return (uint32_t)__builtin_wasm_memory_size(0) * 65536u; }

/* The descriptor of the preopen named `name`, or -1. */
static inline int32_t preopen(const char* name) {
  for (int32_t fd = 3; fd < 64; ++fd) {
    uint32_t prestat[2];
    if (raw_fd_prestat_get(fd, PTR(prestat)) != 0) continue;
    char buf[256];
    if (prestat[1] >= sizeof buf || raw_fd_prestat_dir_name(fd, PTR(buf), (int32_t)prestat[1]) != 0) continue;
    buf[prestat[1]] = 0;
    if (strcmp(buf, name) == 0) return fd;
  }
  return -1;
}

/* Opens `path` below `dir` with the given rights; the errno, the fd in *out. */
static inline int32_t open_at(int32_t dir, int32_t follow, const char* path, int32_t oflags, uint64_t rights,
                              int32_t* out) {
  return raw_path_open(dir, follow, S(path), oflags, (int64_t)rights, (int64_t)rights, 0, PTR(out));
}

#endif
