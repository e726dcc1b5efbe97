// sandbox/mount_ns.h: the cell's filesystem view. The parent side turns the policy into a
// MountPlan (validated, absolute, parents before children); the child side builds the new
// root in the cell's mount namespace and pivots into it:
//   host root read-only → fresh /tmp, /dev, /proc, hidden dirs → granted dirs → pivot_root.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "base/result.h"
#include "policy/policy.h"

namespace cella::sandbox {

struct DirMount {
  std::string host;   // empty for an empty in-memory dir
  std::string guest;
  policy::DirMode mode = policy::DirMode::kRo;
  std::string keep_upper;  // cow with --cow-keep: host dir that receives the upper layer
  std::string keep_work;   // its overlayfs work dir (removed after the run)
};

struct MountPlan {
  std::vector<DirMount> dirs;      // sorted so that a parent comes before its children
  std::vector<std::string> hide;   // guest paths covered by an empty read-only tmpfs
  uint64_t tmp_size = 64ULL << 20; // /tmp, /dev/shm and in-memory cow layers, each
  bool tty = false;                // bind the host's /dev/tty
  std::string cwd;                 // working directory to enter; "/" when not visible
};

namespace mount_ns {

// Parent side: validates the grants (absolute existing dirs, known modes), applies the
// default hidden dirs (/run) and orders the plan. Does not touch the filesystem except
// to check that paths exist.
Result<MountPlan> Plan(const policy::Policy& policy, const std::string& cwd);

// Parent side: for --cow-keep, creates the upper and work dirs on the host. Returns the
// work dirs, which the caller must remove after the run.
Result<std::vector<std::string>> PrepareKeptLayers(MountPlan& plan, const std::string& keep_root);

// Child side (cell init, with CAP_SYS_ADMIN in its user namespace): builds the new root
// and pivots into it; afterwards only the new root is reachable.
Status SetupRoot(const MountPlan& plan);

// Guest paths the program may write (for Landlock): rw/cow/mem dirs, /tmp, /dev/shm.
std::vector<std::string> WritablePaths(const MountPlan& plan);

}  // namespace mount_ns

namespace dev_proc {
// Child side: a minimal /dev at `dir` (null, zero, full, random, urandom, optionally tty,
// fd/std* links, a private /dev/shm), then read-only.
Status SetupDev(const std::string& dir, bool tty, uint64_t shm_size);
// Child side: a fresh procfs for the cell's PID namespace at `dir`.
Status MountProc(const std::string& dir);
}  // namespace dev_proc

namespace overlay {
// Child side: mounts an overlay at `target` whose lower layer is the directory open as
// `lower_fd`, with upper/work dirs given as paths or /proc/self/fd/N links.
Status MountCow(int lower_fd, const std::string& target, const std::string& upper, const std::string& work);
}  // namespace overlay

// mount_setattr(2) with AT_RECURSIVE when `recursive`; `set` and `clear` are MOUNT_ATTR_*.
Status SetMountAttr(const std::string& path, uint64_t set, uint64_t clear, bool recursive);

}  // namespace cella::sandbox
