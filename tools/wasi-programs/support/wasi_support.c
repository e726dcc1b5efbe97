/* wasi_support.c: the few libc functions Debian's wasi-libc lacks and the programs built by
 * tools/wasi-programs call. Linked (as libwasi-support.a) into the wasm builds only; the
 * declarations are in include/. Each function does what WASI allows, and says so. */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <pthread.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---- users and groups: none in WASI, so uid/gid 0 and empty databases ---- */

unsigned getuid(void) { return 0; }
unsigned geteuid(void) { return 0; }
unsigned getgid(void) { return 0; }
unsigned getegid(void) { return 0; }
struct passwd *getpwuid(uid_t uid) { (void)uid; return NULL; }
struct passwd *getpwnam(const char *name) { (void)name; return NULL; }
struct group *getgrgid(gid_t gid) { (void)gid; return NULL; }
struct group *getgrnam(const char *name) { (void)name; return NULL; }

/* ---- modes and owners: none in WASI; succeed on an existing file, change nothing ---- */

int chmod(const char *path, unsigned mode) {
  (void)mode;
  struct stat st;
  return stat(path, &st);
}

int fchmod(int fd, unsigned mode) {
  (void)mode;
  struct stat st;
  return fstat(fd, &st);
}

int fchown(int fd, unsigned uid, unsigned gid) {
  (void)uid;
  (void)gid;
  struct stat st;
  return fstat(fd, &st);
}

/* ---- no processes, no shell ---- */

int system(const char *command) {
  if (command == NULL) return 0; /* "no command processor is available" */
  errno = ENOSYS;
  return -1;
}

/* ---- paths: WASI has no absolute paths to resolve to ---- */

char *realpath(const char *restrict path, char *restrict resolved) {
  (void)path;
  (void)resolved;
  errno = ENOSYS;
  return NULL;
}

/* ---- temporary files, in /tmp like musl: usable when the guest is granted /tmp ---- */

/* Replaces the last six characters of `name` (which must be "XXXXXX") with random ones. */
static void RandomizeSuffix(char *name) {
  static const char kChars[] =
      "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
  char *suffix = name + strlen(name) - 6;
  for (int i = 0; i < 6; i++) suffix[i] = kChars[arc4random_uniform(sizeof kChars - 1)];
}

char *mktemp(char *template_) {
  size_t len = strlen(template_);
  if (len < 6 || strcmp(template_ + len - 6, "XXXXXX") != 0) {
    errno = EINVAL;
    template_[0] = '\0';
    return template_;
  }
  for (int attempt = 0; attempt < 100; attempt++) {
    memcpy(template_ + len - 6, "XXXXXX", 6);
    RandomizeSuffix(template_);
    struct stat st;
    if (lstat(template_, &st) != 0 && errno == ENOENT) return template_;
  }
  template_[0] = '\0';
  errno = EEXIST;
  return template_;
}

char *tmpnam(char *buf) {
  static char internal[L_tmpnam];
  char name[] = "/tmp/tmpnam_XXXXXX";
  if (mktemp(name)[0] == '\0') return NULL;
  char *out = buf ? buf : internal;
  memcpy(out, name, sizeof name);
  return out;
}

FILE *tmpfile(void) {
  for (int attempt = 0; attempt < 100; attempt++) {
    char name[] = "/tmp/tmpfile_XXXXXX";
    RandomizeSuffix(name);
    int fd = open(name, O_RDWR | O_CREAT | O_EXCL, 0600);
    if (fd >= 0) {
      unlink(name);
      FILE *f = fdopen(fd, "w+");
      if (f == NULL) close(fd);
      return f;
    }
    if (errno != EEXIST) return NULL;
  }
  return NULL;
}

/* ---- threads: one ---- */

int pthread_once(pthread_once_t *once, void (*init)(void)) {
  if (*once == 0) {
    *once = 1;
    init();
  }
  return 0;
}
