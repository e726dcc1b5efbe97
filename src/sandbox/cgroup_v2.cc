// sandbox/cgroup_v2.cc: the unified hierarchy: delegation (subtree_control), limits
// (memory.max, pids.max, cpu.max) and accounting (cpu.stat, memory.peak, *.events).
// Parent side; failures name the file and errno.
#include <sstream>

#include "os/file_io.h"
#include "sandbox/cgroup.h"

namespace cella::sandbox::cgroup_v2 {
namespace {

bool Has(const std::vector<std::string>& list, const std::string& name) {
  for (const std::string& item : list) {
    if (item == name) return true;
  }
  return false;
}

}  // namespace

Status EnableControllers(const std::string& parent_dir, const std::vector<std::string>& controllers) {
  if (controllers.empty()) return OkStatus();
  auto text = os::ReadFile(parent_dir + "/cgroup.subtree_control");
  std::vector<std::string> enabled;
  if (text.ok()) {
    std::istringstream words(*text);
    for (std::string word; words >> word;) enabled.push_back(word);
  }
  std::string request;
  for (const std::string& controller : controllers) {
    if (Has(enabled, controller)) continue;  // "cpu" must not match "cpuset"
    request += (request.empty() ? "+" : " +") + controller;
  }
  if (request.empty()) return OkStatus();
  return os::WriteExisting(parent_dir + "/cgroup.subtree_control", request);
}

Status ApplyLimits(const std::string& dir, const CgroupLimits& limits, const std::vector<std::string>& controllers) {
  if (limits.memory_bytes && Has(controllers, "memory")) {
    CELLA_TRY(os::WriteExisting(dir + "/memory.max", std::to_string(*limits.memory_bytes)));
    (void)os::WriteExisting(dir + "/memory.swap.max", "0");  // absent without swap accounting
  }
  if (limits.pids && Has(controllers, "pids")) CELLA_TRY(os::WriteExisting(dir + "/pids.max", std::to_string(*limits.pids)));
  if (limits.cpus && Has(controllers, "cpu")) {
    auto quota = static_cast<uint64_t>(*limits.cpus * 100000);
    CELLA_TRY(os::WriteExisting(dir + "/cpu.max", std::to_string(quota < 1000 ? 1000 : quota) + " 100000"));
  }
  return OkStatus();
}

std::optional<int64_t> CpuUsageNs(const std::string& dir) {
  auto usec = ReadCgroupKey(dir + "/cpu.stat", "usage_usec");
  if (!usec) return std::nullopt;
  return static_cast<int64_t>(*usec) * 1000;
}

void ReadStats(const std::string& dir, CgroupStats& stats, bool memory) {
  auto user = ReadCgroupKey(dir + "/cpu.stat", "user_usec");
  auto sys = ReadCgroupKey(dir + "/cpu.stat", "system_usec");
  if (user && sys) {
    stats.cpu_user_ns = static_cast<int64_t>(*user) * 1000;
    stats.cpu_sys_ns = static_cast<int64_t>(*sys) * 1000;
    stats.cpu_source = "cgroup v2";
  }
  if (memory) {
    if (auto peak = ReadCgroupNumber(dir + "/memory.peak")) {
      stats.peak_memory_bytes = *peak;
      stats.memory_source = "cgroup v2";
    }
    stats.oom_kills += ReadCgroupKey(dir + "/memory.events", "oom_kill").value_or(0);
  }
  stats.pids_refused += ReadCgroupKey(dir + "/pids.events", "max").value_or(0);
}

}  // namespace cella::sandbox::cgroup_v2
