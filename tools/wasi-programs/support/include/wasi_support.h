/* wasi_support.h: declarations Debian's wasi-libc (0.0~git20220510) leaves out, for the
 * programs tools/wasi-programs builds. Force-included (-include) into every wasm compile,
 * so it includes no libc header: a program's own feature macros must still come first.
 * Implemented in ../wasi_support.c; see docs/real-programs.md for why each exists. */
#ifndef CELLA_WASI_SUPPORT_H
#define CELLA_WASI_SUPPORT_H

#ifdef __cplusplus
extern "C" {
#endif

/* WASI has no users or groups: every process and file belongs to uid/gid 0, which is what
 * wasi-libc's stat() reports as st_uid/st_gid. */
unsigned getuid(void);
unsigned geteuid(void);
unsigned getgid(void);
unsigned getegid(void);

/* WASI has no permission bits or owners: on an existing file these succeed and change
 * nothing (bzip2 and SQLite copy a file's mode to a new file and fail if they can't). */
int chmod(const char *path, unsigned mode);
int fchmod(int fd, unsigned mode);
int fchown(int fd, unsigned uid, unsigned gid);

/* No shell (system: -1/ENOSYS), no absolute paths (realpath: NULL/ENOSYS). */
int system(const char *command);
char *realpath(const char *__restrict path, char *__restrict resolved);

/* Temporary files go in /tmp, as in musl: they work when the guest is granted a /tmp. */
#ifndef L_tmpnam
#define L_tmpnam 20
#endif
char *mktemp(char *template_);

/* POSIX record-lock commands, so SQLite's unix VFS compiles; wasi-libc's fcntl() rejects
 * them with EINVAL, and the build selects SQLite's "unix-none" VFS, which never locks. */
#ifndef F_RDLCK
#define F_RDLCK 0
#define F_WRLCK 1
#define F_UNLCK 2
#define F_GETLK 5
#define F_SETLK 6
#define F_SETLKW 7
#endif

#ifdef __cplusplus
}
#endif

#endif /* CELLA_WASI_SUPPORT_H */
