// sandbox/landlock.cc: builds a Landlock ruleset matching the grants and enforces it on
// the program's process (see landlock.h). Constants are local: the C library's headers
// may predate the running kernel's ABI.
#include "sandbox/landlock.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cstdint>

#include "os/errno_error.h"
#include "os/unique_fd.h"

namespace cella::sandbox::landlock {
namespace {

using os::ErrnoError;

// From linux/landlock.h (ABI 1-6).
constexpr uint64_t kExecute = 1ULL << 0, kWriteFile = 1ULL << 1, kReadFile = 1ULL << 2, kReadDir = 1ULL << 3;
constexpr uint64_t kAbi1All = (1ULL << 13) - 1;
constexpr uint64_t kRefer = 1ULL << 13, kTruncate = 1ULL << 14, kIoctlDev = 1ULL << 15;
constexpr uint64_t kBindTcp = 1ULL << 0, kConnectTcp = 1ULL << 1;
constexpr uint64_t kScopeAbstractUnix = 1ULL << 0, kScopeSignal = 1ULL << 1;
constexpr uint32_t kCreateRulesetVersion = 1U << 0;
constexpr int kRulePathBeneath = 1;

struct RulesetAttr {
  uint64_t handled_access_fs;
  uint64_t handled_access_net;
  uint64_t scoped;
};

struct __attribute__((packed)) PathBeneathAttr {
  uint64_t allowed_access;
  int32_t parent_fd;
};

uint64_t HandledFs(int abi) {
  uint64_t access = kAbi1All;
  if (abi >= 2) access |= kRefer;
  if (abi >= 3) access |= kTruncate;
  if (abi >= 5) access |= kIoctlDev;
  return access;
}

Status AddRule(int ruleset, int fd, uint64_t access, const std::string& what) {
  PathBeneathAttr rule{access, fd};
  if (::syscall(SYS_landlock_add_rule, ruleset, kRulePathBeneath, &rule, 0) != 0) {
    return ErrnoError("landlock_add_rule(" + what + ")", errno, Errc::kSandboxSetup);
  }
  return OkStatus();
}

Status AddPathRule(int ruleset, const std::string& path, uint64_t access) {
  os::UniqueFd fd(::open(path.c_str(), O_PATH | O_CLOEXEC));
  if (!fd) return ErrnoError("open(" + path + ") for Landlock", errno, Errc::kSandboxSetup);
  return AddRule(ruleset, fd.get(), access, path);
}

}  // namespace

int Abi() {
  long abi = ::syscall(SYS_landlock_create_ruleset, nullptr, 0, kCreateRulesetVersion);
  return abi < 0 ? 0 : static_cast<int>(abi);
}

Result<int> Apply(const Plan& plan) {
  int abi = Abi();
  if (abi <= 0) return 0;
  const uint64_t all = HandledFs(abi);
  const uint64_t file_access = kExecute | kWriteFile | kReadFile | (abi >= 3 ? kTruncate : 0) | (abi >= 5 ? kIoctlDev : 0);
  RulesetAttr attr{all, 0, 0};
  size_t attr_size = 8;
  if (abi >= 4) {
    attr.handled_access_net = plan.deny_tcp ? (kBindTcp | kConnectTcp) : 0;
    attr_size = 16;
  }
  if (abi >= 6) {
    attr.scoped = kScopeAbstractUnix | kScopeSignal;
    attr_size = 24;
  }
  os::UniqueFd ruleset(static_cast<int>(::syscall(SYS_landlock_create_ruleset, &attr, attr_size, 0)));
  if (!ruleset) return ErrnoError("landlock_create_ruleset", errno, Errc::kSandboxSetup);

  CELLA_TRY(AddPathRule(ruleset.get(), "/", kExecute | kReadFile | kReadDir));
  CELLA_TRY(AddPathRule(ruleset.get(), "/dev", kReadFile | kWriteFile | (abi >= 5 ? kIoctlDev : 0)));
  for (const std::string& path : plan.writable) CELLA_TRY(AddPathRule(ruleset.get(), path, all));
  // Inherited stdio may be a host file or terminal outside every rule; allow reopening it
  // through /dev/stdout (pipes and sockets need no rule and are refused as rule targets).
  for (int fd = 0; fd <= 2; ++fd) {
    struct stat st{};
    if (::fstat(fd, &st) != 0 || !(S_ISREG(st.st_mode) || S_ISCHR(st.st_mode))) continue;
    uint64_t access = (fd == 0 ? kReadFile : kWriteFile) & file_access;
    if (S_ISCHR(st.st_mode) && abi >= 5) access |= kIoctlDev | kReadFile | kWriteFile;
    PathBeneathAttr rule{access, fd};
    ::syscall(SYS_landlock_add_rule, ruleset.get(), kRulePathBeneath, &rule, 0);  // best effort
  }
  if (::syscall(SYS_landlock_restrict_self, ruleset.get(), 0) != 0) {
    return ErrnoError("landlock_restrict_self", errno, Errc::kSandboxSetup);
  }
  return abi;
}

}  // namespace cella::sandbox::landlock
