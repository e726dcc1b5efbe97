// sandbox/caps.cc: empties every capability set and sets no_new_privs (see caps.h).
// Child side; every failed call is reported with its errno.
#include "sandbox/caps.h"

#include <linux/capability.h>
#include <linux/securebits.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "os/errno_error.h"

namespace cella::sandbox::caps {

Status DropAll() {
  using os::ErrnoError;
  // Uid 0 inside the cell must not regain capabilities at execve.
  unsigned long bits = SECBIT_NOROOT | SECBIT_NOROOT_LOCKED | SECBIT_NO_SETUID_FIXUP | SECBIT_NO_SETUID_FIXUP_LOCKED |
                       SECBIT_KEEP_CAPS_LOCKED | SECBIT_NO_CAP_AMBIENT_RAISE | SECBIT_NO_CAP_AMBIENT_RAISE_LOCKED;
  if (::prctl(PR_SET_SECUREBITS, bits, 0, 0, 0) != 0) return ErrnoError("prctl(PR_SET_SECUREBITS)", errno, Errc::kSandboxSetup);
  for (int cap = 0; cap <= 63; ++cap) {
    if (::prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) != 0 && errno != EINVAL) {
      return ErrnoError("prctl(PR_CAPBSET_DROP, " + std::to_string(cap) + ")", errno, Errc::kSandboxSetup);
    }
  }
  if (::prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) != 0 && errno != EINVAL) {
    return ErrnoError("prctl(PR_CAP_AMBIENT_CLEAR_ALL)", errno, Errc::kSandboxSetup);
  }
  __user_cap_header_struct header{_LINUX_CAPABILITY_VERSION_3, 0};
  __user_cap_data_struct data[2] = {};
  if (::syscall(SYS_capset, &header, data) != 0) return ErrnoError("capset(empty)", errno, Errc::kSandboxSetup);
  if (::prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) return ErrnoError("prctl(PR_SET_NO_NEW_PRIVS)", errno, Errc::kSandboxSetup);
  return OkStatus();
}

}  // namespace cella::sandbox::caps
