// sandbox/cgroup.h: cgroups for a native cell: detection of what the host mounts (v2, v1
// or both), and CellCgroup, the cell's own group(s) with its limits, accounting and kill.
// Every controller comes from v2 when the caller's v2 cgroup can delegate it, else from
// its v1 hierarchy, else it is missing and rlimits stand in. Parent side; not thread-safe.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "os/unique_fd.h"

namespace cella::sandbox {

// Where the caller's cgroups are.
struct CgroupLayout {
  std::string v2_dir;                          // caller's dir in the v2 hierarchy, or ""
  std::vector<std::string> v2_controllers;     // in v2_dir/cgroup.controllers
  std::map<std::string, std::string> v1_dirs;  // v1 controller → caller's dir in its hierarchy
};

// Pure: the layout from the text of /proc/self/mountinfo and /proc/self/cgroup
// (v2_controllers left empty).
CgroupLayout ParseCgroupLayout(std::string_view mountinfo, std::string_view proc_cgroup);
// Reads the files above and each v2 cgroup.controllers.
Result<CgroupLayout> DetectCgroupLayout();
// Makes cell cgroups go under `dir` (--cgroup-parent), which must be a cgroup v2
// directory: typically a delegated one that holds no process, so its controllers can be
// enabled for its children.
Status UseCgroupParent(CgroupLayout& layout, const std::string& dir);

struct CgroupLimits {
  std::optional<uint64_t> memory_bytes;
  std::optional<uint64_t> pids;  // includes the cell's init
  std::optional<double> cpus;
  bool accounting = false;       // CPU time and peak memory wanted
  bool cpu_time = false;         // CPU time polled for a --cpu-time limit
};

struct CgroupStats {
  std::optional<int64_t> cpu_user_ns;
  std::optional<int64_t> cpu_sys_ns;
  std::optional<uint64_t> peak_memory_bytes;
  uint64_t oom_kills = 0;
  uint64_t pids_refused = 0;
  std::string cpu_source;     // "cgroup v2" / "cgroup v1"
  std::string memory_source;
};

// Readers of cgroup control files: a single number, or the value of `key` in
// "key value" lines (cpu.stat, memory.events, pids.events, memory.oom_control).
std::optional<uint64_t> ReadCgroupNumber(const std::string& path);
std::optional<uint64_t> ReadCgroupKey(const std::string& path, std::string_view key);

namespace cgroup_v2 {
Status EnableControllers(const std::string& parent_dir, const std::vector<std::string>& controllers);
Status ApplyLimits(const std::string& dir, const CgroupLimits& limits, const std::vector<std::string>& controllers);
std::optional<int64_t> CpuUsageNs(const std::string& dir);
void ReadStats(const std::string& dir, CgroupStats& stats, bool memory);
}  // namespace cgroup_v2

namespace cgroup_v1 {
Status ApplyLimit(const std::string& controller, const std::string& dir, const CgroupLimits& limits);
std::optional<int64_t> CpuUsageNs(const std::string& cpuacct_dir);
void ReadStats(const std::string& controller, const std::string& dir, CgroupStats& stats);
}  // namespace cgroup_v1

// Kills every process in the cgroup at `dir` (cgroup.kill, or freezer + SIGKILL), waits up
// to `timeout_ms` for it to empty and removes it. Missing is success. Used by CellCgroup
// and by the reaper, which knows only paths.
Status KillAndRemoveCgroup(const std::string& dir, int timeout_ms);

class CellCgroup {
 public:
  CellCgroup() = default;
  CellCgroup(CellCgroup&&) = default;
  CellCgroup& operator=(CellCgroup&&) = default;

  // Creates `name` under the caller's cgroup in each hierarchy needed and applies the
  // limits. `on_path` sees every directory before it is created (the reaper's register).
  static Result<CellCgroup> Create(const CgroupLayout& layout, const std::string& name, const CgroupLimits& limits,
                                   const std::function<void(const std::string&)>& on_path);

  // An O_RDONLY fd of the v2 dir for clone3(CLONE_INTO_CGROUP), or -1.
  int v2_fd() const { return v2_fd_.get(); }
  // Moves `pid` into the v1 groups (and the v2 one when `include_v2`).
  Status Attach(pid_t pid, bool include_v2) const;
  std::optional<int64_t> CpuUsageNs() const;
  CgroupStats Stats() const;
  Status Remove();

  bool empty() const { return dirs_.empty(); }
  bool enforces(const std::string& controller) const { return controllers_.count(controller) != 0; }
  std::string Describe() const;  // "v2", "v1", "v2+v1" or "none"
  const std::vector<std::string>& notes() const { return notes_; }
  const std::vector<std::string>& dirs() const { return dirs_; }

 private:
  Status Build(const CgroupLayout& layout, const std::string& name, const CgroupLimits& limits,
               const std::function<void(const std::string&)>& on_path);

  std::vector<std::string> dirs_;                   // every dir created, v2 first
  std::string v2_dir_;
  std::map<std::string, std::string> controllers_;  // controller → "v2" or the v1 dir
  std::vector<std::string> notes_;
  os::UniqueFd v2_fd_;
};

}  // namespace cella::sandbox
