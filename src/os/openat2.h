// os/openat2.h: openat2(2) with RESOLVE_* flags, the kernel's "resolve beneath this
// directory" primitive. Used by wasi/path.cc, which falls back to a component-by-component
// walk when the kernel lacks it (ENOSYS). Thread-safe (a system call).
#pragma once

#include <cstdint>

namespace cella::os {

// The RESOLVE_* values of <linux/openat2.h>.
constexpr uint64_t kResolveNoXdev = 0x01;
constexpr uint64_t kResolveNoMagicLinks = 0x02;
constexpr uint64_t kResolveNoSymlinks = 0x04;
constexpr uint64_t kResolveBeneath = 0x08;
constexpr uint64_t kResolveInRoot = 0x10;

// openat2(dirfd, path, {flags | O_CLOEXEC, mode, resolve}). Returns the new descriptor,
// or -errno (-ENOSYS when the kernel has no openat2). Retries EINTR.
int Openat2(int dirfd, const char* path, int flags, unsigned mode, uint64_t resolve);

}  // namespace cella::os
