// sandbox/seccomp.cc: builds and loads the cell's seccomp filter with libseccomp. Default
// action: allow; listed calls: EPERM; a foreign architecture or x32 call kills the process.
#include "sandbox/seccomp.h"

#include <linux/filter.h>
#include <linux/sched.h>
#include <linux/seccomp.h>
#include <seccomp.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <memory>

#include "os/errno_error.h"
#include "os/unique_fd.h"

namespace cella::sandbox::seccomp {
namespace {

struct ContextDeleter {
  void operator()(void* ctx) const { seccomp_release(ctx); }
};
using Context = std::unique_ptr<void, ContextDeleter>;

bool Contains(const std::vector<std::string>& list, const std::string& name) {
  return std::find(list.begin(), list.end(), name) != list.end();
}

Error LibError(const std::string& what, int rc) {
  return MakeError(Errc::kSandboxSetup, "seccomp: " + what + ": " + std::strerror(-rc));
}

Status AddRule(scmp_filter_ctx ctx, uint32_t action, const std::string& name) {
  int nr = seccomp_syscall_resolve_name(name.c_str());
  if (nr == __NR_SCMP_ERROR) return MakeError(Errc::kInvalidArgument, "seccomp: unknown system call '" + name + "'");
  if (nr < 0) return OkStatus();  // does not exist on this architecture
  int rc = seccomp_rule_add(ctx, action, nr, 0);
  if (rc != 0) return LibError("rule for " + name, rc);
  return OkStatus();
}

}  // namespace

const std::vector<std::string>& DefaultDenied() {
  static const std::vector<std::string> kDenied = {
      // file system topology
      "mount", "umount2", "pivot_root", "chroot", "move_mount", "open_tree", "fsopen", "fsconfig", "fsmount", "fspick",
      "mount_setattr",
      // leaving or creating namespaces (clone is filtered by flag below)
      "unshare", "setns",
      // other processes' memory and state
      "ptrace", "process_vm_readv", "process_vm_writev", "kcmp", "pidfd_getfd", "process_madvise",
      // kernel attack surface a confined program never needs
      "keyctl", "add_key", "request_key", "bpf", "perf_event_open", "userfaultfd", "io_uring_setup", "io_uring_enter",
      "io_uring_register", "fanotify_init", "open_by_handle_at", "name_to_handle_at",
      // the machine itself
      "init_module", "finit_module", "delete_module", "kexec_load", "kexec_file_load", "reboot", "swapon", "swapoff",
      "acct", "quotactl", "quotactl_fd", "syslog", "iopl", "ioperm", "settimeofday", "clock_settime", "clock_adjtime",
      "adjtimex", "vhangup", "lookup_dcookie", "nfsservctl", "uselib", "_sysctl", "ustat", "sysfs"};
  return kDenied;
}

Status Validate(const policy::SeccompRules& rules) {
  for (const auto* list : {&rules.deny, &rules.kill, &rules.log, &rules.allow}) {
    for (const std::string& name : *list) {
      if (seccomp_syscall_resolve_name(name.c_str()) == __NR_SCMP_ERROR) {
        return MakeError(Errc::kInvalidArgument, "seccomp policy: unknown system call '" + name + "'");
      }
    }
  }
  return OkStatus();
}

Result<std::string> Compile(const policy::SeccompRules& rules) {
  Context ctx(seccomp_init(SCMP_ACT_ALLOW));
  if (!ctx) return MakeError(Errc::kSandboxSetup, "seccomp_init failed");
  scmp_filter_ctx c = ctx.get();
  int rc = seccomp_attr_set(c, SCMP_FLTATR_ACT_BADARCH, SCMP_ACT_KILL_PROCESS);
  if (rc != 0) return LibError("bad-arch action", rc);

  const uint32_t deny = SCMP_ACT_ERRNO(EPERM);
  for (const std::string& name : DefaultDenied()) {
    if (Contains(rules.allow, name) || Contains(rules.kill, name) || Contains(rules.log, name)) continue;
    CELLA_TRY(AddRule(c, deny, name));
  }
  if (!Contains(rules.allow, "clone")) {
    // clone(2) creating a namespace; clone3 hides its flags in memory, so it reports
    // ENOSYS and the C library falls back to clone.
    for (uint64_t flag : {uint64_t{CLONE_NEWNS}, uint64_t{CLONE_NEWUTS}, uint64_t{CLONE_NEWIPC}, uint64_t{CLONE_NEWUSER},
                          uint64_t{CLONE_NEWPID}, uint64_t{CLONE_NEWNET}, uint64_t{CLONE_NEWCGROUP}}) {
      rc = seccomp_rule_add(c, deny, SCMP_SYS(clone), 1, SCMP_A0(SCMP_CMP_MASKED_EQ, flag, flag));
      if (rc != 0) return LibError("rule for clone", rc);
    }
    rc = seccomp_rule_add(c, SCMP_ACT_ERRNO(ENOSYS), SCMP_SYS(clone3), 0);
    if (rc != 0) return LibError("rule for clone3", rc);
  }
  if (!Contains(rules.allow, "ioctl")) {
    // Faking terminal input into the host's shell, and the Linux console's ioctls.
    for (uint64_t request : {static_cast<uint64_t>(TIOCSTI), static_cast<uint64_t>(TIOCLINUX)}) {
      rc = seccomp_rule_add(c, deny, SCMP_SYS(ioctl), 1, SCMP_A1(SCMP_CMP_MASKED_EQ, 0xffffffffu, request));
      if (rc != 0) return LibError("rule for ioctl", rc);
    }
  }
  for (const std::string& name : rules.deny) {
    if (!Contains(DefaultDenied(), name)) CELLA_TRY(AddRule(c, deny, name));
  }
  for (const std::string& name : rules.kill) CELLA_TRY(AddRule(c, SCMP_ACT_KILL_PROCESS, name));
  for (const std::string& name : rules.log) CELLA_TRY(AddRule(c, SCMP_ACT_LOG, name));
  os::UniqueFd memory(::memfd_create("cella-seccomp", MFD_CLOEXEC));
  if (!memory) return os::ErrnoError("memfd_create(seccomp)", errno, Errc::kSandboxSetup);
  rc = seccomp_export_bpf(c, memory.get());
  if (rc != 0) return LibError("seccomp_export_bpf", rc);
  std::string bpf;
  char buffer[4096];
  ssize_t n;
  for (off_t offset = 0; (n = ::pread(memory.get(), buffer, sizeof buffer, offset)) > 0; offset += n) {
    bpf.append(buffer, static_cast<size_t>(n));
  }
  if (n < 0) return os::ErrnoError("pread(seccomp)", errno, Errc::kSandboxSetup);
  return bpf;
}

Status Load(const std::string& bpf, bool log) {
  sock_fprog program{static_cast<unsigned short>(bpf.size() / sizeof(sock_filter)),
                     reinterpret_cast<sock_filter*>(const_cast<char*>(bpf.data()))};
  unsigned flags = log ? SECCOMP_FILTER_FLAG_LOG : 0;
  if (::syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, flags, &program) != 0) {
    return os::ErrnoError("seccomp(SECCOMP_SET_MODE_FILTER)", errno, Errc::kSandboxSetup);
  }
  return OkStatus();
}

}  // namespace cella::sandbox::seccomp
