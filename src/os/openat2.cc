// os/openat2.cc: the raw openat2 system call (glibc 2.36 has no wrapper). Thread-safe.
#include "os/openat2.h"

#include <fcntl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>

#ifndef SYS_openat2
#define SYS_openat2 437
#endif

namespace cella::os {
namespace {

// struct open_how of <linux/openat2.h>, spelled out so old kernel headers build too.
struct OpenHow {
  uint64_t flags;
  uint64_t mode;
  uint64_t resolve;
};

}  // namespace

int Openat2(int dirfd, const char* path, int flags, unsigned mode, uint64_t resolve) {
  // openat2 refuses a mode without O_CREAT or O_TMPFILE (which includes O_DIRECTORY's bit).
  bool creates = (flags & O_CREAT) != 0 || (flags & O_TMPFILE) == O_TMPFILE;
  OpenHow how{static_cast<uint64_t>(static_cast<unsigned>(flags | O_CLOEXEC)), creates ? mode : 0u, resolve};
  for (;;) {
    long fd = ::syscall(SYS_openat2, dirfd, path, &how, sizeof how);
    if (fd >= 0) return static_cast<int>(fd);
    if (errno != EINTR) return -errno;
  }
}

}  // namespace cella::os
