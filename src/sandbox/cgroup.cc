// sandbox/cgroup.cc: CellCgroup, the cell's cgroup(s) across v2 and v1 hierarchies, and
// KillAndRemoveCgroup, shared with the reaper. Parent side; errors name path and errno.
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <set>
#include <sstream>

#include "os/clock.h"
#include "os/errno_error.h"
#include "os/file_io.h"
#include "sandbox/cgroup.h"

namespace cella::sandbox {
namespace {

bool Exists(const std::string& path) {
  struct stat st{};
  return ::stat(path.c_str(), &st) == 0;
}

std::vector<pid_t> Procs(const std::string& dir) {
  std::vector<pid_t> pids;
  auto text = os::ReadFile(dir + "/cgroup.procs");
  if (!text.ok()) return pids;
  std::istringstream words(*text);
  for (long pid; words >> pid;) pids.push_back(static_cast<pid_t>(pid));
  return pids;
}

Status MakeDir(const std::string& dir) {
  if (::mkdir(dir.c_str(), 0755) == 0) return OkStatus();
  if (errno == EEXIST && ::rmdir(dir.c_str()) == 0 && ::mkdir(dir.c_str(), 0755) == 0) return OkStatus();  // stale and empty
  return os::ErrnoError("mkdir(" + dir + ")", errno, Errc::kSandboxSetup);
}

}  // namespace

std::optional<uint64_t> ReadCgroupNumber(const std::string& path) {
  auto text = os::ReadFile(path);
  if (!text.ok() || text->empty()) return std::nullopt;
  return std::strtoull(text->c_str(), nullptr, 10);
}

std::optional<uint64_t> ReadCgroupKey(const std::string& path, std::string_view key) {
  auto text = os::ReadFile(path);
  if (!text.ok()) return std::nullopt;
  std::istringstream lines(*text);
  std::string name;
  uint64_t value = 0;
  while (lines >> name >> value) {
    if (name == key) return value;
  }
  return std::nullopt;
}

Status KillAndRemoveCgroup(const std::string& dir, int timeout_ms) {
  if (!Exists(dir)) return OkStatus();
  bool frozen = false;
  if (Exists(dir + "/cgroup.kill")) {
    (void)os::WriteExisting(dir + "/cgroup.kill", "1");
  } else if (Exists(dir + "/freezer.state")) {
    // Freeze first so that nothing forks between reading the list and killing it.
    frozen = os::WriteExisting(dir + "/freezer.state", "FROZEN").ok();
  }
  int64_t deadline = os::MonotonicNanos() + int64_t{timeout_ms} * 1'000'000;
  for (int round = 0;; ++round) {
    for (pid_t pid : Procs(dir)) ::kill(pid, SIGKILL);
    if (frozen) {
      (void)os::WriteExisting(dir + "/freezer.state", "THAWED");  // let the kills land
      frozen = false;
    }
    if (::rmdir(dir.c_str()) == 0 || errno == ENOENT) return OkStatus();
    if (errno != EBUSY || os::MonotonicNanos() > deadline) return os::ErrnoError("rmdir(" + dir + ")", errno, Errc::kSandboxSetup);
    ::usleep(round < 20 ? 200 : 2000);
  }
}

Result<CellCgroup> CellCgroup::Create(const CgroupLayout& layout, const std::string& name, const CgroupLimits& limits,
                                      const std::function<void(const std::string&)>& on_path) {
  CellCgroup group;
  if (Status status = group.Build(layout, name, limits, on_path); !status.ok()) {
    (void)group.Remove();  // nothing half-made is left behind
    return status.error();
  }
  return group;
}

Status CellCgroup::Build(const CgroupLayout& layout, const std::string& name, const CgroupLimits& limits,
                         const std::function<void(const std::string&)>& on_path) {
  CellCgroup& group = *this;
  std::vector<std::string> needed;
  if (limits.memory_bytes || limits.accounting) needed.push_back("memory");
  if (limits.pids) needed.push_back("pids");
  if (limits.cpus) needed.push_back("cpu");
  if (limits.accounting || limits.cpu_time) needed.push_back("cpuacct");
  if (needed.empty()) return OkStatus();

  auto create = [&](const std::string& dir) -> Status {
    on_path(dir);
    CELLA_TRY(MakeDir(dir));
    group.dirs_.push_back(dir);
    return OkStatus();
  };

  // v2 first: it also gives cgroup.kill and cpu.stat without any controller.
  if (!layout.v2_dir.empty() && ::access(layout.v2_dir.c_str(), W_OK) == 0) {
    std::vector<std::string> wanted;
    for (const std::string& controller : needed) {
      for (const std::string& available : layout.v2_controllers) {
        if (available == controller) wanted.push_back(controller);
      }
    }
    if (Status enabled = cgroup_v2::EnableControllers(layout.v2_dir, wanted); !enabled.ok()) {
      group.notes_.push_back("cgroup v2 controllers not delegated (" + enabled.error().message +
                             "); run cella in a cgroup of its own with delegation");
      wanted.clear();
    }
    group.v2_dir_ = layout.v2_dir + "/" + name;
    CELLA_TRY(create(group.v2_dir_));
    CELLA_TRY(cgroup_v2::ApplyLimits(group.v2_dir_, limits, wanted));
    for (const std::string& controller : wanted) group.controllers_[controller] = "v2";
    group.controllers_["cpuacct"] = "v2";
    group.v2_fd_.Reset(::open(group.v2_dir_.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (!group.v2_fd_) return os::ErrnoError("open(" + group.v2_dir_ + ")", errno, Errc::kSandboxSetup);
  }
  std::set<std::string> created;
  bool any_v1 = false;
  for (const std::string& controller : needed) {
    if (group.controllers_.count(controller) != 0) continue;
    auto found = layout.v1_dirs.find(controller);
    if (found == layout.v1_dirs.end()) continue;
    if (::access(found->second.c_str(), W_OK) != 0) continue;  // not delegated to us
    std::string dir = found->second + "/" + name;
    if (created.insert(dir).second) CELLA_TRY(create(dir));
    CELLA_TRY(cgroup_v1::ApplyLimit(controller, dir, limits));
    group.controllers_[controller] = dir;
    any_v1 = true;
  }
  // Without v2's cgroup.kill, the v1 freezer stops a fork race while the tree is killed.
  auto freezer = layout.v1_dirs.find("freezer");
  if (any_v1 && group.v2_dir_.empty() && freezer != layout.v1_dirs.end()) {
    std::string dir = freezer->second + "/" + name;
    if (created.insert(dir).second) CELLA_TRY(create(dir));
  }
  // Accounting falls back to rusage silently (the report names its source); limits do not.
  const std::pair<const char*, bool> limited[] = {
      {"memory", limits.memory_bytes.has_value()}, {"pids", limits.pids.has_value()}, {"cpu", limits.cpus.has_value()}};
  for (const auto& [controller, wanted] : limited) {
    if (wanted && group.controllers_.count(controller) == 0) {
      group.notes_.push_back(std::string("no writable ") + controller + " cgroup controller; " +
                             (std::string(controller) == "cpu" ? "--cpus is not enforced" : "using rlimits only"));
    }
  }
  return OkStatus();
}

Status CellCgroup::Attach(pid_t pid, bool include_v2) const {
  for (const std::string& dir : dirs_) {
    if (dir == v2_dir_ && !include_v2) continue;
    CELLA_TRY(os::WriteExisting(dir + "/cgroup.procs", std::to_string(pid)));
  }
  return OkStatus();
}

std::optional<int64_t> CellCgroup::CpuUsageNs() const {
  if (!v2_dir_.empty()) return cgroup_v2::CpuUsageNs(v2_dir_);
  auto found = controllers_.find("cpuacct");
  if (found == controllers_.end()) return std::nullopt;
  return cgroup_v1::CpuUsageNs(found->second);
}

CgroupStats CellCgroup::Stats() const {
  CgroupStats stats;
  if (!v2_dir_.empty()) {
    auto memory = controllers_.find("memory");
    cgroup_v2::ReadStats(v2_dir_, stats, memory != controllers_.end() && memory->second == "v2");
  }
  for (const auto& [controller, where] : controllers_) {
    if (where != "v2") cgroup_v1::ReadStats(controller, where, stats);
  }
  return stats;
}

Status CellCgroup::Remove() {
  Status first = OkStatus();
  for (auto it = dirs_.rbegin(); it != dirs_.rend(); ++it) {
    Status status = KillAndRemoveCgroup(*it, 5000);
    if (!status.ok() && first.ok()) first = status;
  }
  dirs_.clear();
  v2_fd_.Reset();
  return first;
}

std::string CellCgroup::Describe() const {
  bool v1 = false;
  for (const auto& [controller, where] : controllers_) v1 |= where != "v2";
  if (!v2_dir_.empty()) return v1 ? "v2+v1" : "v2";
  return v1 ? "v1" : "none";
}

}  // namespace cella::sandbox
