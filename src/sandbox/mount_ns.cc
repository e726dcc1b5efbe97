// sandbox/mount_ns.cc: the mount namespace: planning (parent side) and building the new
// root (child side). Bind sources are opened as O_PATH fds before anything is mounted, so
// later mounts (the scratch tmpfs over /tmp) cannot change what a grant refers to.
#include <fcntl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>

#include "os/errno_error.h"
#include "os/unique_fd.h"
#include "policy/units.h"
#include "sandbox/mount_ns.h"

#ifndef MOUNT_ATTR_RDONLY
#define MOUNT_ATTR_RDONLY 0x00000001
#define MOUNT_ATTR_NOSUID 0x00000002
#define MOUNT_ATTR_NODEV 0x00000004
#endif
#ifndef AT_RECURSIVE
#define AT_RECURSIVE 0x8000
#endif

namespace cella::sandbox {
namespace {

using os::ErrnoError;
using policy::DirMode;

constexpr const char* kScratch = "/tmp";            // private tmpfs in the cell's namespace
constexpr const char* kNewRoot = "/tmp/root";
constexpr const char* kCowDir = "/tmp/cow";

struct MountAttr {
  uint64_t attr_set;
  uint64_t attr_clr;
  uint64_t propagation;
  uint64_t userns_fd;
};

// "/a/./b//c/" → "/a/b/c"; rejects relative paths and "..".
Result<std::string> Normalize(const std::string& path, const char* what) {
  if (path.empty() || path.front() != '/') {
    return MakeError(Errc::kInvalidArgument, std::string(what) + " '" + path + "' must be an absolute path");
  }
  std::string out;
  size_t i = 0;
  while (i < path.size()) {
    size_t j = path.find('/', i);
    if (j == std::string::npos) j = path.size();
    std::string part = path.substr(i, j - i);
    if (part == "..") return MakeError(Errc::kInvalidArgument, std::string(what) + " '" + path + "' must not contain '..'");
    if (!part.empty() && part != ".") out += "/" + part;
    i = j + 1;
  }
  return out.empty() ? "/" : out;
}

size_t Depth(const std::string& path) { return std::count(path.begin(), path.end(), '/') - (path == "/" ? 1 : 0); }

Status Mount(const char* source, const std::string& target, const char* type, unsigned long flags, const std::string& data = {}) {
  if (::mount(source, target.c_str(), type, flags, data.empty() ? nullptr : data.c_str()) != 0) {
    std::string what = "mount(" + std::string(type != nullptr ? type : "bind") + " " +
                       (source != nullptr ? std::string(source) + " → " : "") + target + ")";
    return ErrnoError(what, errno, Errc::kSandboxSetup);
  }
  return OkStatus();
}

// Creates `path` (a dir, or an empty file when !dir) and missing parents. Works only
// inside the tmpfs mounts the cell owns; elsewhere the read-only root refuses.
Status EnsureMountPoint(const std::string& path, bool dir) {
  struct stat st{};
  if (::stat(path.c_str(), &st) == 0) return OkStatus();
  size_t slash = path.rfind('/');
  if (slash > 0) CELLA_TRY(EnsureMountPoint(path.substr(0, slash), true));
  int rc = dir ? ::mkdir(path.c_str(), 0755) : ::close(::open(path.c_str(), O_CREAT | O_WRONLY | O_CLOEXEC, 0644));
  if (rc != 0 && errno != EEXIST) {
    std::string guest = path.substr(std::strlen(kNewRoot));
    return ErrnoError("create mount point " + guest + " (a guest path must exist on the host, or lie in /tmp or a hidden dir)",
                      errno, Errc::kSandboxSetup);
  }
  return OkStatus();
}

std::string FdPath(int fd) { return "/proc/self/fd/" + std::to_string(fd); }

// Overlayfs options separate paths with ',' and ':'; escape them.
std::string EscapeOverlayPath(const std::string& path) {
  std::string out;
  for (char c : path) {
    if (c == ',' || c == ':' || c == '\\') out += '\\';
    out += c;
  }
  return out;
}

}  // namespace

Status SetMountAttr(const std::string& path, uint64_t set, uint64_t clear, bool recursive) {
  MountAttr attr{set, clear, 0, 0};
  unsigned flags = recursive ? AT_RECURSIVE : 0;
  if (::syscall(SYS_mount_setattr, AT_FDCWD, path.c_str(), flags, &attr, sizeof attr) != 0) {
    if (errno == ENOSYS) {
      return MakeError(Errc::kSandboxUnsupported, "mount_setattr(" + path + "): native cells need Linux 5.12 or newer");
    }
    return ErrnoError("mount_setattr(" + path + ")", errno, Errc::kSandboxSetup);
  }
  return OkStatus();
}

namespace overlay {

Status MountCow(int lower_fd, const std::string& target, const std::string& upper, const std::string& work) {
  // userxattr: overlay metadata in user.* xattrs, as required inside a user namespace.
  std::string options = "lowerdir=" + FdPath(lower_fd) + ",upperdir=" + EscapeOverlayPath(upper) +
                        ",workdir=" + EscapeOverlayPath(work) + ",userxattr";
  return Mount("overlay", target, "overlay", MS_NOSUID | MS_NODEV, options);
}

}  // namespace overlay

namespace mount_ns {

Result<MountPlan> Plan(const policy::Policy& policy, const std::string& cwd) {
  MountPlan plan;
  if (policy.limits.tmp_size_bytes) plan.tmp_size = *policy.limits.tmp_size_bytes;
  plan.tty = policy.native.tty;
  for (const policy::DirGrant& grant : policy.grants.dirs) {
    DirMount dir;
    dir.mode = grant.mode;
    if (!grant.host.empty()) {
      CELLA_ASSIGN_OR_RETURN(dir.host, Normalize(grant.host, "directory"));
      struct stat st{};
      if (::stat(dir.host.c_str(), &st) != 0) return ErrnoError("granted directory " + dir.host, errno, Errc::kNotFound);
      if (!S_ISDIR(st.st_mode)) return MakeError(Errc::kInvalidArgument, "granted path " + dir.host + " is not a directory");
    }
    CELLA_ASSIGN_OR_RETURN(dir.guest, Normalize(grant.guest.empty() ? grant.host : grant.guest, "guest directory"));
    if (dir.guest == "/") return MakeError(Errc::kInvalidArgument, "cannot grant / itself: the root is always visible read-only");
    for (const DirMount& other : plan.dirs) {
      if (other.guest == dir.guest) return MakeError(Errc::kInvalidArgument, "directory " + dir.guest + " is granted twice");
    }
    plan.dirs.push_back(std::move(dir));
  }
  bool run_granted = false;
  for (const DirMount& dir : plan.dirs) run_granted |= dir.guest == "/run";
  // /run holds the host's service sockets (D-Bus, systemd); a read-only mount does not
  // stop connect(2) to a socket, so it is hidden unless granted.
  if (!run_granted) plan.hide.push_back("/run");
  for (const std::string& hide : policy.native.hide) {
    CELLA_ASSIGN_OR_RETURN(std::string path, Normalize(hide, "hidden directory"));
    if (path == "/") return MakeError(Errc::kInvalidArgument, "cannot hide /");
    plan.hide.push_back(path);
  }
  std::stable_sort(plan.dirs.begin(), plan.dirs.end(),
                   [](const DirMount& a, const DirMount& b) { return Depth(a.guest) < Depth(b.guest); });
  plan.cwd = cwd.empty() ? "/" : cwd;
  return plan;
}

Result<std::vector<std::string>> PrepareKeptLayers(MountPlan& plan, const std::string& keep_root) {
  std::vector<std::string> work_dirs;
  if (keep_root.empty()) return work_dirs;
  CELLA_ASSIGN_OR_RETURN(std::string root, Normalize(keep_root, "--cow-keep directory"));
  if (::mkdir(root.c_str(), 0755) != 0 && errno != EEXIST) return ErrnoError("mkdir(" + root + ")", errno, Errc::kIo);
  int index = 0;
  for (DirMount& dir : plan.dirs) {
    if (dir.mode != DirMode::kCow) continue;
    dir.keep_upper = root + dir.guest;
    dir.keep_work = root + "/.cella-work-" + std::to_string(index++);
    for (size_t slash = root.size() + 1; slash != std::string::npos; slash = dir.keep_upper.find('/', slash + 1)) {
      std::string prefix = dir.keep_upper.substr(0, slash);
      if (::mkdir(prefix.c_str(), 0755) != 0 && errno != EEXIST) return ErrnoError("mkdir(" + prefix + ")", errno, Errc::kIo);
    }
    if (::mkdir(dir.keep_upper.c_str(), 0755) != 0 && errno != EEXIST) {
      return ErrnoError("mkdir(" + dir.keep_upper + ")", errno, Errc::kIo);
    }
    work_dirs.push_back(dir.keep_work);  // registered before it exists, so it is never leaked
  }
  if (work_dirs.empty()) {
    return MakeError(Errc::kInvalidArgument, "--cow-keep " + keep_root + " given but no directory is granted with mode cow");
  }
  return work_dirs;
}

std::vector<std::string> WritablePaths(const MountPlan& plan) {
  std::vector<std::string> paths = {"/tmp", "/dev/shm"};
  for (const DirMount& dir : plan.dirs) {
    if (dir.mode != DirMode::kRo) paths.push_back(dir.guest);
  }
  return paths;
}

Status SetupRoot(const MountPlan& plan) {
  // 1. Hold every bind source before anything is mounted.
  os::UniqueFd root_fd(::open("/", O_PATH | O_DIRECTORY | O_CLOEXEC));
  if (!root_fd) return ErrnoError("open(/)", errno, Errc::kSandboxSetup);
  std::vector<os::UniqueFd> sources;
  std::vector<os::UniqueFd> keep_fds;
  for (const DirMount& dir : plan.dirs) {
    sources.emplace_back(dir.host.empty() ? -1 : ::open(dir.host.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC));
    if (!dir.host.empty() && !sources.back()) return ErrnoError("open(" + dir.host + ")", errno, Errc::kSandboxSetup);
    if (!dir.keep_upper.empty()) {
      if (::mkdir(dir.keep_work.c_str(), 0700) != 0 && errno != EEXIST) return ErrnoError("mkdir(" + dir.keep_work + ")", errno, Errc::kSandboxSetup);
      for (const std::string& path : {dir.keep_upper, dir.keep_work}) {
        keep_fds.emplace_back(::open(path.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC));
        if (!keep_fds.back()) return ErrnoError("open(" + path + ")", errno, Errc::kSandboxSetup);
      }
    }
  }

  // 2. Nothing propagates between the cell's mounts and the host's, in either direction.
  CELLA_TRY(Mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE));

  // 3. A private scratch tmpfs holds the new root's mount point and in-memory cow layers.
  std::string size = "size=" + std::to_string(plan.tmp_size);
  CELLA_TRY(Mount("cella", kScratch, "tmpfs", MS_NOSUID | MS_NODEV, "mode=0700," + size));
  if (::mkdir(kNewRoot, 0755) != 0) return ErrnoError(std::string("mkdir(") + kNewRoot + ")", errno, Errc::kSandboxSetup);
  if (::mkdir(kCowDir, 0700) != 0) return ErrnoError(std::string("mkdir(") + kCowDir + ")", errno, Errc::kSandboxSetup);

  // 4. The host root, recursively and read-only.
  std::string root = kNewRoot;
  CELLA_TRY(Mount(FdPath(root_fd.get()).c_str(), root, nullptr, MS_BIND | MS_REC));
  CELLA_TRY(SetMountAttr(root, MOUNT_ATTR_RDONLY | MOUNT_ATTR_NOSUID, 0, true));

  // 5. Fresh file systems: /tmp, /dev, /proc and the hidden dirs.
  CELLA_TRY(Mount("tmpfs", root + "/tmp", "tmpfs", MS_NOSUID | MS_NODEV, "mode=1777," + size));
  CELLA_TRY(dev_proc::SetupDev(root + "/dev", plan.tty, plan.tmp_size));
  CELLA_TRY(dev_proc::MountProc(root + "/proc"));
  for (const std::string& hide : plan.hide) {
    struct stat st{};
    if (::stat((root + hide).c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) continue;  // nothing to hide
    CELLA_TRY(Mount("tmpfs", root + hide, "tmpfs", MS_NOSUID | MS_NODEV, "mode=0755,size=1m"));
  }

  // 6. Granted directories, parents first.
  size_t keep_index = 0;
  for (size_t i = 0; i < plan.dirs.size(); ++i) {
    const DirMount& dir = plan.dirs[i];
    std::string target = root + dir.guest;
    CELLA_TRY(EnsureMountPoint(target, true));
    switch (dir.mode) {
      case DirMode::kRo:
        CELLA_TRY(Mount(FdPath(sources[i].get()).c_str(), target, nullptr, MS_BIND | MS_REC));
        CELLA_TRY(SetMountAttr(target, MOUNT_ATTR_RDONLY | MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV, 0, true));
        break;
      case DirMode::kRw:
        CELLA_TRY(Mount(FdPath(sources[i].get()).c_str(), target, nullptr, MS_BIND | MS_REC));
        CELLA_TRY(SetMountAttr(target, MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV, 0, true));
        break;
      case DirMode::kCow:
      case DirMode::kMem: {
        if (!sources[i]) {  // an in-memory dir that starts empty
          CELLA_TRY(Mount("tmpfs", target, "tmpfs", MS_NOSUID | MS_NODEV, "mode=0755," + size));
          break;
        }
        std::string upper;
        std::string work;
        if (!dir.keep_upper.empty()) {
          upper = FdPath(keep_fds[keep_index].get());
          work = FdPath(keep_fds[keep_index + 1].get());
          keep_index += 2;
        } else {
          std::string base = std::string(kCowDir) + "/" + std::to_string(i);
          upper = base + "/upper";
          work = base + "/work";
          for (const std::string& path : {base, upper, work}) {
            if (::mkdir(path.c_str(), 0755) != 0) return ErrnoError("mkdir(" + path + ")", errno, Errc::kSandboxSetup);
          }
        }
        CELLA_TRY(overlay::MountCow(sources[i].get(), target, upper, work));
        break;
      }
    }
  }

  // 7. Hidden dirs stay empty: read-only once the grants below them are in place.
  for (const std::string& hide : plan.hide) {
    struct stat st{};
    if (::stat((root + hide).c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) continue;
    CELLA_TRY(SetMountAttr(root + hide, MOUNT_ATTR_RDONLY, 0, false));
  }

  // 8. Enter the new root; the old one (and the scratch tmpfs) is detached.
  if (::chdir(root.c_str()) != 0) return ErrnoError("chdir(" + root + ")", errno, Errc::kSandboxSetup);
  if (::syscall(SYS_pivot_root, ".", ".") != 0) return ErrnoError("pivot_root(" + root + ")", errno, Errc::kSandboxSetup);
  if (::umount2(".", MNT_DETACH) != 0) return ErrnoError("umount2(old root)", errno, Errc::kSandboxSetup);
  if (::chdir(plan.cwd.c_str()) != 0 && ::chdir("/") != 0) return ErrnoError("chdir(/)", errno, Errc::kSandboxSetup);
  return OkStatus();
}

}  // namespace mount_ns
}  // namespace cella::sandbox
