/* escape.c: hostile program for tests/sandbox: tries what a confined program must not
 * do and prints "<call>=<errno name or ok>" per line: mount, umount, unshare, clone with
 * a new user namespace, ptrace of another process, keyctl, bpf, perf_event_open,
 * userfaultfd, init_module, pivot_root, chroot, setns, io_uring_setup, clone3 and faking
 * terminal input with TIOCSTI. */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/ioctl.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static void report(const char* name, long rc) {
  printf("%s=%s\n", name, rc == 0 || (rc > 0 && strcmp(name, "clone_newuser") != 0) ? "ok" : strerrorname_np(errno));
}

int main(void) {
  report("mount", mount("none", "/tmp", "tmpfs", 0, NULL));
  report("umount", umount2("/proc", MNT_DETACH));
  report("unshare", unshare(CLONE_NEWUSER));
  long child = syscall(SYS_clone, CLONE_NEWUSER | SIGCHLD, 0, 0, 0, 0);
  if (child == 0) _exit(0);
  if (child > 0) waitpid((pid_t)child, NULL, 0);
  printf("clone_newuser=%s\n", child > 0 ? "ok" : strerrorname_np(errno));
  pid_t victim = fork();
  if (victim == 0) {
    pause();
    _exit(0);
  }
  report("ptrace", ptrace(PTRACE_ATTACH, victim, 0, 0));
  kill(victim, SIGKILL);
  waitpid(victim, NULL, 0);
  report("keyctl", syscall(SYS_keyctl, 0 /* KEYCTL_GET_KEYRING_ID */, -3, 0, 0, 0));
  report("bpf", syscall(SYS_bpf, 0, NULL, 0));
  report("perf_event_open", syscall(SYS_perf_event_open, NULL, 0, -1, -1, 0));
  report("userfaultfd", syscall(SYS_userfaultfd, 0));
  report("init_module", syscall(SYS_init_module, NULL, 0, ""));
  report("pivot_root", syscall(SYS_pivot_root, "/tmp", "/tmp"));
  report("chroot", chroot("/tmp"));
  report("setns", setns(0, 0));
  report("io_uring_setup", syscall(SYS_io_uring_setup, 1, NULL));
  report("clone3", syscall(SYS_clone3, NULL, 0));
  char c = 'x';
  report("tiocsti", ioctl(STDIN_FILENO, TIOCSTI, &c));
  return 0;
}
