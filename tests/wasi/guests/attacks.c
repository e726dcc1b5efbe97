/* tests/wasi/guests/attacks.c: what a hostile tenant tries, one attack per mode
 * (attacks MODE). Each prints "MODE <wasi errno>" — the errno of the call that must be
 * refused — or "MODE ESCAPED <what>" when something it must never see or do happened.
 * Grants (see attacks_test.cc): "ro" read-only, "rw" read-write, "proc" = /proc/self
 * read-only. The host tree is hashed before and after by the test. */
#include <stdlib.h>

#include "raw_wasi.h"

static int32_t RO, RW, PROC;
static char scratch[4096] __attribute__((aligned(16)));

static int32_t open_ro(const char* path, int32_t* fd) { return open_at(RO, FOLLOW, path, 0, R_FD_READ, fd); }
static int32_t open_rw(const char* path, int32_t* fd) { return open_at(RW, FOLLOW, path, 0, R_FD_READ, fd); }

/* Opening and reading `path` below `dir`: the errno of the open (a success is reported as
 * an escape with the first bytes read). */
static int32_t try_read(int32_t dir, int32_t follow, const char* path) {
  int32_t fd;
  int32_t e = open_at(dir, follow, path, 0, R_FD_READ, &fd);
  if (e != 0) return e;
  uint32_t iov[2] = {(uint32_t)(uintptr_t)scratch, 64};
  uint32_t n = 0;
  raw_fd_read(fd, PTR(iov), 1, PTR(&n));
  scratch[n < 64 ? n : 63] = 0;
  printf("ESCAPED read %s: %s\n", path, scratch);
  return -1;
}

/* ---- path traversal ---- */
static int32_t dotdot_open(void) { return try_read(RO, FOLLOW, "../secret.txt"); }
static int32_t dotdot_nested(void) { return try_read(RO, FOLLOW, "sub/../../secret.txt"); }
static int32_t dotdot_many(void) { return try_read(RO, FOLLOW, "../../../../../../../../../etc/passwd"); }
static int32_t dotdot_dir_then_back(void) { return try_read(RO, FOLLOW, "../ro/data.txt"); }
static int32_t absolute_path(void) { return try_read(RO, FOLLOW, "/etc/passwd"); }
static int32_t absolute_grant_path(void) { return try_read(RW, FOLLOW, "/ro/data.txt"); }
static int32_t stat_parent(void) {
  return raw_path_filestat_get(RO, 0, S(".."), PTR(scratch));
}
static int32_t stat_parent_nested(void) { return raw_path_filestat_get(RO, 0, S("sub/../.."), PTR(scratch)); }
static int32_t readlink_escape(void) {
  uint32_t used;
  return raw_path_readlink(RW, S("../outside/victim.txt"), PTR(scratch), 64, PTR(&used));
}
static int32_t rmdir_parent(void) { return raw_path_remove_directory(RW, S("..")); }

/* ---- symlinks placed by the host ---- */
static int32_t symlink_absolute(void) { return try_read(RO, FOLLOW, "link_abs"); }
static int32_t symlink_relative_up(void) { return try_read(RO, FOLLOW, "link_up"); }
static int32_t symlink_chain(void) { return try_read(RO, FOLLOW, "link_chain1"); }
static int32_t symlink_loop(void) { return try_read(RO, FOLLOW, "loop_a"); }
static int32_t symlink_dir_up_middle(void) { return try_read(RO, FOLLOW, "link_dir_up/secret.txt"); }
static int32_t symlink_out_and_back(void) { return try_read(RO, FOLLOW, "link_dir_up/ro/data.txt"); }
static int32_t self_link_climb(void) { return try_read(RW, FOLLOW, "self_link/self_link/../../secret.txt"); }
static int32_t set_times_through_symlink(void) {
  return raw_path_filestat_set_times(RW, FOLLOW, S("host_abs"), 0, 0, 1 | 4);
}
static int32_t unlink_via_dir_symlink(void) { return raw_path_unlink_file(RW, S("host_dir_out/victim.txt")); }
static int32_t mkdir_via_dir_symlink(void) { return raw_path_create_directory(RW, S("host_dir_out/planted")); }
static int32_t creat_through_dangling(void) {
  int32_t fd;
  return open_at(RW, FOLLOW, "dangling_out", O_CREAT_, R_FD_WRITE, &fd);
}
static int32_t creat_excl_on_symlink(void) {
  int32_t fd;
  return open_at(RW, FOLLOW, "host_abs", O_CREAT_ | O_EXCL_, R_FD_WRITE, &fd);
}
static int32_t nofollow_open_symlink(void) { return try_read(RW, 0, "host_abs"); }

/* ---- symlinks the guest makes ---- */
static int32_t guest_symlink_absolute(void) { return raw_path_symlink(S("/etc/passwd"), RW, S("evil")); }
static int32_t guest_symlink_up(void) { return raw_path_symlink(S("../secret.txt"), RW, S("evil")); }
static int32_t guest_symlink_subdir_up(void) { return raw_path_symlink(S("../../secret.txt"), RW, S("sub/evil")); }
static int32_t guest_symlink_via_self_link(void) {
  return raw_path_symlink(S("../secret.txt"), RW, S("self_link/self_link/evil"));
}

/* ---- /proc magic links ---- */
static int32_t proc_root(void) { return try_read(PROC, FOLLOW, "root/etc/passwd"); }
static int32_t proc_fd(void) { return try_read(PROC, FOLLOW, "fd/0"); }
static int32_t proc_cwd(void) { return try_read(PROC, FOLLOW, "cwd/secret.txt"); }
static int32_t proc_symlink_in_grant(void) { return try_read(RO, FOLLOW, "proc_self/etc/passwd"); }

/* ---- hard links and renames ---- */
static int32_t hardlink_ro_into_rw(void) { return raw_path_link(RO, 0, S("data.txt"), RW, S("stolen")); }
static int32_t hardlink_outside_source(void) { return raw_path_link(RW, 0, S("../secret.txt"), RW, S("stolen")); }
static int32_t hardlink_follow_absolute(void) { return raw_path_link(RW, FOLLOW, S("host_abs"), RW, S("stolen")); }
static int32_t hardlink_via_dir_symlink(void) {
  return raw_path_link(RW, 0, S("host_dir_out/victim.txt"), RW, S("stolen"));
}
static int32_t rename_out(void) { return raw_path_rename(RW, S("file.txt"), RW, S("../stolen.txt")); }
static int32_t rename_into_ro(void) { return raw_path_rename(RW, S("file.txt"), RO, S("planted")); }
static int32_t rename_from_ro(void) { return raw_path_rename(RO, S("data.txt"), RW, S("taken")); }
static int32_t rename_via_dir_symlink(void) {
  return raw_path_rename(RW, S("file.txt"), RW, S("host_dir_out/planted"));
}
static int32_t rename_over_preopen(void) { return raw_path_rename(RW, S("file.txt"), RW, S(".")); }

/* ---- writes under :ro ---- */
static int32_t ro_create(void) {
  int32_t fd;
  return open_at(RO, FOLLOW, "new.txt", O_CREAT_, R_FD_WRITE, &fd);
}
static int32_t ro_open_for_write(void) {
  int32_t fd;
  return open_at(RO, FOLLOW, "data.txt", 0, R_FD_READ | R_FD_WRITE, &fd);
}
static int32_t ro_truncate(void) {
  int32_t fd;
  return open_at(RO, FOLLOW, "data.txt", O_TRUNC_, R_FD_READ, &fd);
}
static int32_t ro_set_size(void) {
  int32_t fd;
  int32_t e = open_ro("data.txt", &fd);
  return e != 0 ? -e : raw_fd_filestat_set_size(fd, 0);
}
static int32_t ro_path_set_times(void) { return raw_path_filestat_set_times(RO, 0, S("data.txt"), 0, 0, 1 | 4); }
static int32_t ro_fd_set_times(void) { return raw_fd_filestat_set_times(RO, 0, 0, 2 | 8); }
static int32_t ro_unlink(void) { return raw_path_unlink_file(RO, S("data.txt")); }
static int32_t ro_mkdir(void) { return raw_path_create_directory(RO, S("newdir")); }
static int32_t ro_rmdir(void) { return raw_path_remove_directory(RO, S("emptydir")); }
static int32_t ro_rename(void) { return raw_path_rename(RO, S("data.txt"), RO, S("moved.txt")); }
static int32_t ro_symlink(void) { return raw_path_symlink(S("data.txt"), RO, S("alias")); }
static int32_t ro_link(void) { return raw_path_link(RO, 0, S("data.txt"), RO, S("alias")); }
static int32_t ro_append_flag(void) {
  int32_t fd;
  int32_t e = open_at(RO, FOLLOW, "data.txt", 0, R_FD_READ | R_FD_FDSTAT_SET_FLAGS, &fd);
  return e != 0 ? -e : raw_fd_fdstat_set_flags(fd, 1 /* append */);
}
static int32_t ro_allocate(void) {
  int32_t fd;
  int32_t e = open_ro("data.txt", &fd);
  return e != 0 ? -e : raw_fd_allocate(fd, 0, 1 << 20);
}
static int32_t ro_rights_escalate(void) {
  int32_t fd;
  int32_t e = open_ro("data.txt", &fd);
  return e != 0 ? -e : raw_fd_fdstat_set_rights(fd, (int64_t)(R_FD_READ | R_FD_WRITE), 0);
}
static int32_t ro_subdir_inherits(void) {
  int32_t sub, fd;
  /* Every right but the three that need a writable file: all of them are asked for. */
  uint64_t want = R_ALL & ~(R_FD_WRITE | R_FD_ALLOCATE | R_FD_FILESTAT_SET_SIZE);
  int32_t e = raw_path_open(RO, FOLLOW, S("sub"), O_DIRECTORY_, (int64_t)want, (int64_t)R_ALL, 0, PTR(&sub));
  return e != 0 ? -e : open_at(sub, FOLLOW, "planted.txt", O_CREAT_, R_FD_WRITE, &fd);
}

/* ---- descriptors never granted ---- */
static int32_t ungranted_fd_read(void) {
  uint32_t iov[2] = {(uint32_t)(uintptr_t)scratch, 16}, n;
  return raw_fd_read(42, PTR(iov), 1, PTR(&n));
}
static int32_t ungranted_fd_path(void) { return try_read(42, FOLLOW, "data.txt"); }
static int32_t write_to_dir_fd(void) {
  uint32_t iov[2] = {(uint32_t)(uintptr_t)scratch, 4}, n;
  return raw_fd_write(RW, PTR(iov), 1, PTR(&n));
}
static int32_t path_op_on_file_fd(void) {
  int32_t fd;
  int32_t e = open_ro("data.txt", &fd);
  return e != 0 ? -e : try_read(fd, FOLLOW, "x");
}
static int32_t renumber_file_over_preopen(void) {
  int32_t fd, out;
  int32_t e = open_ro("data.txt", &fd);
  if (e != 0) return -e;
  if ((e = raw_fd_renumber(fd, RW)) != 0) return -e;
  return open_at(RW, FOLLOW, "planted.txt", O_CREAT_, R_FD_WRITE, &out);
}
static int32_t renumber_ro_onto_rw(void) {
  int32_t out;
  int32_t e = raw_fd_renumber(RO, RW);
  if (e != 0) return -e;
  return open_at(RW, FOLLOW, "planted.txt", O_CREAT_, R_FD_WRITE, &out);
}
static int32_t renumber_to_ungranted(void) { return raw_fd_renumber(RO, 100); }
static int32_t stdio_truncate(void) { return raw_fd_filestat_set_size(1, 0); }
static int32_t stdio_seek(void) {
  uint64_t pos;
  return raw_fd_seek(1, 0, 0, PTR(&pos));
}

/* ---- pointers, lengths and counts ---- */
static int32_t bad_iovec_array(void) {
  uint32_t n;
  return raw_fd_write(1, (P)0xfffffff8u, 2, PTR(&n));
}
static int32_t iovec_buffer_wraps(void) {
  uint32_t iov[2] = {0xffffff00u, 0x200}, n;
  return raw_fd_write(1, PTR(iov), 1, PTR(&n));
}
static int32_t iovec_count_overflow(void) {
  uint32_t iov[2] = {(uint32_t)(uintptr_t)scratch, 1}, n;
  return raw_fd_write(1, PTR(iov), 0x20000001, PTR(&n));
}
static int32_t iovec_past_memory_end(void) {
  uint32_t iov[2] = {memory_bytes() - 8, 16}, n;
  return raw_fd_read(0, PTR(iov), 1, PTR(&n));
}
static int32_t path_len_huge(void) {
  int32_t fd;
  return raw_path_open(RO, FOLLOW, PTR("data.txt"), -1, 0, (int64_t)R_FD_READ, 0, 0, PTR(&fd));
}
static int32_t path_beyond_memory(void) {
  int32_t fd;
  return raw_path_open(RO, FOLLOW, (P)(memory_bytes() - 2), 10, 0, (int64_t)R_FD_READ, 0, 0, PTR(&fd));
}
static int32_t result_ptr_out_of_bounds(void) { return raw_fd_fdstat_get(1, (P)(memory_bytes() - 4)); }
static int32_t result_ptr_misaligned(void) { return raw_fd_fdstat_get(1, PTR(scratch + 1)); }
static int32_t args_get_out_of_bounds(void) { return raw_args_get((P)(memory_bytes() - 2), PTR(scratch)); }
static int32_t random_out_of_bounds(void) { return raw_random_get((P)0xfffffff0u, 100); }
static int32_t poll_bad_subscriptions(void) {
  uint32_t n;
  return raw_poll_oneoff((P)0xfffffff0u, PTR(scratch), 1, PTR(&n));
}
static int32_t poll_count_overflow(void) {
  uint32_t n;
  return raw_poll_oneoff(PTR(scratch), PTR(scratch + 2048), 0x10000000, PTR(&n));
}
static int32_t open_result_ptr_bad(void) {
  /* Must fail before anything is created. */
  return raw_path_open(RW, FOLLOW, S("created_anyway.txt"), O_CREAT_, (int64_t)R_FD_WRITE, 0, 0,
                       (P)(memory_bytes() - 2));
}
static int32_t nul_in_path(void) {
  static const char path[] = "data.txt\0/../../secret.txt";
  int32_t fd;
  return raw_path_open(RO, FOLLOW, PTR(path), sizeof path - 1, 0, (int64_t)R_FD_READ, 0, 0, PTR(&fd));
}
static int32_t invalid_utf8_path(void) {
  static const char path[] = "data\xff\xfe.txt";
  int32_t fd;
  return raw_path_open(RO, FOLLOW, PTR(path), sizeof path - 1, 0, (int64_t)R_FD_READ, 0, 0, PTR(&fd));
}

/* ---- readdir cookies ---- */
static int32_t readdir_cookie_huge(void) {
  uint32_t used = 1;
  int32_t e = raw_fd_readdir(RO, PTR(scratch), sizeof scratch, -1, PTR(&used));
  if (e == 0 && used != 0) printf("ESCAPED readdir returned %u bytes past the end\n", used);
  return e;
}
static int32_t readdir_cookie_wrap(void) {
  uint32_t used = 1;
  int32_t e = raw_fd_readdir(RO, PTR(scratch), sizeof scratch, (1ll << 32) + 1, PTR(&used));
  if (e == 0 && used != 0) printf("ESCAPED readdir honoured a cookie truncated to 32 bits\n");
  return e;
}
static int32_t readdir_buffer_oob(void) {
  uint32_t used;
  return raw_fd_readdir(RO, (P)(memory_bytes() - 16), 4096, 0, PTR(&used));
}

/* ---- sockets without --listen ---- */
static int32_t sock_accept_on_dir(void) {
  int32_t fd;
  return raw_sock_accept(RO, 0, PTR(&fd));
}
static int32_t sock_accept_ungranted(void) {
  int32_t fd;
  return raw_sock_accept(77, 0, PTR(&fd));
}
static int32_t sock_send_on_stdout(void) {
  uint32_t iov[2] = {(uint32_t)(uintptr_t)scratch, 1}, n;
  return raw_sock_send(1, PTR(iov), 1, 0, PTR(&n));
}

/* ---- trailing slashes ---- */
static int32_t trailing_slash_file(void) { return try_read(RO, FOLLOW, "data.txt/"); }
static int32_t trailing_slash_unlink(void) { return raw_path_unlink_file(RW, S("file.txt/")); }
static int32_t rmdir_preopen_itself(void) { return raw_path_remove_directory(RW, S(".")); }

/* ---- two cells racing on a shared rw dir (run concurrently by the test) ---- */
static int32_t race_open(void) {
  /* "flip" is alternately a real directory and a symlink to ../outside. */
  for (int i = 0; i < 3000; ++i) {
    int32_t fd;
    if (open_rw("flip/victim.txt", &fd) != 0) continue;
    uint32_t iov[2] = {(uint32_t)(uintptr_t)scratch, 64}, n = 0;
    raw_fd_read(fd, PTR(iov), 1, PTR(&n));
    raw_fd_close(fd);
    if (n >= 7 && memcmp(scratch, "OUTSIDE", 7) == 0) {
      printf("ESCAPED read the outside victim through flip\n");
      return -1;
    }
  }
  return 0;
}
static int32_t race_flip(void) {
  /* An even number of swaps: the tree ends as it began. */
  for (int i = 0; i < 3000; ++i) {
    raw_path_rename(RW, S("flip"), RW, S("flip_tmp"));
    raw_path_rename(RW, S("host_dir_out"), RW, S("flip"));
    raw_path_rename(RW, S("flip"), RW, S("host_dir_out"));
    raw_path_rename(RW, S("flip_tmp"), RW, S("flip"));
  }
  return 0;
}

struct Attack {
  const char* name;
  int32_t (*run)(void);
};

#define A(name) {#name, name}
static const struct Attack kAttacks[] = {
    A(dotdot_open), A(dotdot_nested), A(dotdot_many), A(dotdot_dir_then_back), A(absolute_path),
    A(absolute_grant_path), A(stat_parent), A(stat_parent_nested), A(readlink_escape), A(rmdir_parent),
    A(symlink_absolute), A(symlink_relative_up), A(symlink_chain), A(symlink_loop), A(symlink_dir_up_middle),
    A(symlink_out_and_back), A(self_link_climb), A(set_times_through_symlink), A(unlink_via_dir_symlink),
    A(mkdir_via_dir_symlink), A(creat_through_dangling), A(creat_excl_on_symlink), A(nofollow_open_symlink),
    A(guest_symlink_absolute), A(guest_symlink_up), A(guest_symlink_subdir_up), A(guest_symlink_via_self_link),
    A(proc_root), A(proc_fd), A(proc_cwd), A(proc_symlink_in_grant), A(hardlink_ro_into_rw),
    A(hardlink_outside_source), A(hardlink_follow_absolute), A(hardlink_via_dir_symlink), A(rename_out),
    A(rename_into_ro), A(rename_from_ro), A(rename_via_dir_symlink), A(rename_over_preopen), A(ro_create),
    A(ro_open_for_write), A(ro_truncate), A(ro_set_size), A(ro_path_set_times), A(ro_fd_set_times), A(ro_unlink),
    A(ro_mkdir), A(ro_rmdir), A(ro_rename), A(ro_symlink), A(ro_link), A(ro_append_flag), A(ro_allocate),
    A(ro_rights_escalate), A(ro_subdir_inherits), A(ungranted_fd_read), A(ungranted_fd_path), A(write_to_dir_fd),
    A(path_op_on_file_fd), A(renumber_file_over_preopen), A(renumber_ro_onto_rw), A(renumber_to_ungranted),
    A(stdio_truncate), A(stdio_seek), A(bad_iovec_array), A(iovec_buffer_wraps), A(iovec_count_overflow),
    A(iovec_past_memory_end), A(path_len_huge), A(path_beyond_memory), A(result_ptr_out_of_bounds),
    A(result_ptr_misaligned), A(args_get_out_of_bounds), A(random_out_of_bounds), A(poll_bad_subscriptions),
    A(poll_count_overflow), A(open_result_ptr_bad), A(nul_in_path), A(invalid_utf8_path), A(readdir_cookie_huge),
    A(readdir_cookie_wrap), A(readdir_buffer_oob), A(sock_accept_on_dir), A(sock_accept_ungranted),
    A(sock_send_on_stdout), A(trailing_slash_file), A(trailing_slash_unlink), A(rmdir_preopen_itself),
    A(race_open), A(race_flip),
};

int main(int argc, char** argv) {
  RO = preopen("ro");
  RW = preopen("rw");
  PROC = preopen("proc");
  if (argc < 2) {
    for (size_t i = 0; i < sizeof kAttacks / sizeof kAttacks[0]; ++i) printf("%s\n", kAttacks[i].name);
    return 0;
  }
  for (size_t i = 0; i < sizeof kAttacks / sizeof kAttacks[0]; ++i) {
    if (strcmp(argv[1], kAttacks[i].name) != 0) continue;
    int32_t e = kAttacks[i].run();
    /* A negative value: a setup step failed with errno -e (reported as such). */
    if (e < -1) printf("%s setup-failed %d\n", argv[1], -e);
    else if (e >= 0) printf("%s %d\n", argv[1], e);
    return 0;
  }
  printf("unknown attack %s\n", argv[1]);
  return 2;
}
