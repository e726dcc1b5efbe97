/* grp.h for wasi-libc, which has none: WASI has no group database, so lookups find
 * nothing (NULL, errno unchanged). Implemented in ../wasi_support.c. */
#ifndef CELLA_WASI_GRP_H
#define CELLA_WASI_GRP_H
#include <sys/types.h>

struct group {
  char *gr_name;
  char *gr_passwd;
  gid_t gr_gid;
  char **gr_mem;
};

struct group *getgrgid(gid_t gid);
struct group *getgrnam(const char *name);

#endif
