// sandbox/cgroup_v2.cc: the unified hierarchy: delegation (subtree_control), limits
// (memory.max, pids.max, cpu.max) and accounting (cpu.stat, memory.peak, *.events).
// Parent side; failures name the file and errno.
#include <sstream>

#include "os/file_io.h"
#include "sandbox/cgroup.h"

namespace cella::sandbox::cgroup_v2 {
namespace {

// "key value" lines, e.g. cpu.stat or memory.events.
std::optional<uint64_t> KeyedValue(const std::string& path, std::string_view key) {
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

bool Has(const std::vector<std::string>& list, const std::string& name) {
  for (const std::string& item : list) {
    if (item == name) return true;
  }
  return false;
}

}  // namespace

Status EnableControllers(const std::string& parent_dir, const std::vector<std::string>& controllers) {
  if (controllers.empty()) return OkStatus();
  auto enabled = os::ReadFile(parent_dir + "/cgroup.subtree_control");
  std::string request;
  for (const std::string& controller : controllers) {
    if (enabled.ok() && enabled->find(controller) != std::string::npos) continue;
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
  auto usec = KeyedValue(dir + "/cpu.stat", "usage_usec");
  if (!usec) return std::nullopt;
  return static_cast<int64_t>(*usec) * 1000;
}

void ReadStats(const std::string& dir, CgroupStats& stats, bool memory) {
  auto user = KeyedValue(dir + "/cpu.stat", "user_usec");
  auto sys = KeyedValue(dir + "/cpu.stat", "system_usec");
  if (user && sys) {
    stats.cpu_user_ns = static_cast<int64_t>(*user) * 1000;
    stats.cpu_sys_ns = static_cast<int64_t>(*sys) * 1000;
    stats.cpu_source = "cgroup v2";
  }
  if (memory) {
    if (auto peak = os::ReadFile(dir + "/memory.peak"); peak.ok()) {
      stats.peak_memory_bytes = std::strtoull(peak->c_str(), nullptr, 10);
      stats.memory_source = "cgroup v2";
    }
    stats.oom_kills += KeyedValue(dir + "/memory.events", "oom_kill").value_or(0);
  }
  stats.pids_refused += KeyedValue(dir + "/pids.events", "max").value_or(0);
}

}  // namespace cella::sandbox::cgroup_v2
