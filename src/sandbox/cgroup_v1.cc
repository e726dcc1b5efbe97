// sandbox/cgroup_v1.cc: the legacy per-controller hierarchies: memory (limit_in_bytes,
// max_usage_in_bytes, oom_control), pids (pids.max, pids.events), cpu (CFS quota) and
// cpuacct (usage_user/usage_sys). Parent side; failures name the file and errno.
#include "os/file_io.h"
#include "sandbox/cgroup.h"

namespace cella::sandbox::cgroup_v1 {

Status ApplyLimit(const std::string& controller, const std::string& dir, const CgroupLimits& limits) {
  if (controller == "memory" && limits.memory_bytes) {
    CELLA_TRY(os::WriteExisting(dir + "/memory.limit_in_bytes", std::to_string(*limits.memory_bytes)));
    (void)os::WriteExisting(dir + "/memory.memsw.limit_in_bytes", std::to_string(*limits.memory_bytes));  // no swap either
  } else if (controller == "pids" && limits.pids) {
    CELLA_TRY(os::WriteExisting(dir + "/pids.max", std::to_string(*limits.pids)));
  } else if (controller == "cpu" && limits.cpus) {
    auto quota = static_cast<uint64_t>(*limits.cpus * 100000);
    CELLA_TRY(os::WriteExisting(dir + "/cpu.cfs_period_us", "100000"));
    CELLA_TRY(os::WriteExisting(dir + "/cpu.cfs_quota_us", std::to_string(quota < 1000 ? 1000 : quota)));
  }
  return OkStatus();
}

std::optional<int64_t> CpuUsageNs(const std::string& cpuacct_dir) {
  auto usage = ReadCgroupNumber(cpuacct_dir + "/cpuacct.usage");
  if (!usage) return std::nullopt;
  return static_cast<int64_t>(*usage);
}

void ReadStats(const std::string& controller, const std::string& dir, CgroupStats& stats) {
  if (controller == "cpuacct") {
    auto user = ReadCgroupNumber(dir + "/cpuacct.usage_user");
    auto sys = ReadCgroupNumber(dir + "/cpuacct.usage_sys");
    if (user && sys) {
      stats.cpu_user_ns = static_cast<int64_t>(*user);
      stats.cpu_sys_ns = static_cast<int64_t>(*sys);
      stats.cpu_source = "cgroup v1";
    }
  } else if (controller == "memory") {
    if (auto peak = ReadCgroupNumber(dir + "/memory.max_usage_in_bytes")) {
      stats.peak_memory_bytes = *peak;
      stats.memory_source = "cgroup v1";
    }
    stats.oom_kills += ReadCgroupKey(dir + "/memory.oom_control", "oom_kill").value_or(0);
  } else if (controller == "pids") {
    stats.pids_refused += ReadCgroupKey(dir + "/pids.events", "max").value_or(0);
  }
}

}  // namespace cella::sandbox::cgroup_v1
