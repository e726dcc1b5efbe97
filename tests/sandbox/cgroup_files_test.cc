// tests/sandbox/cgroup_files_test.cc: the v2 and v1 control-file formats Cella writes and
// reads, on a fake cgroup directory (plain files), so a pure-v2 host's path is covered
// even where this machine mounts its controllers as v1.
#include <gtest/gtest.h>

#include "cella_runner.h"
#include "sandbox/cgroup.h"

namespace cella::sandbox {
namespace {

using testing::ReadText;
using testing::TempDir;
using testing::WriteText;

void Touch(const std::string& dir, std::initializer_list<const char*> files) {
  for (const char* file : files) WriteText(dir + "/" + file, "");
}

TEST(CgroupV2Files, EnableControllersAsksOnlyForMissingOnes) {
  TempDir dir;
  WriteText(dir.path() + "/cgroup.subtree_control", "cpuset io\n");
  ASSERT_TRUE(cgroup_v2::EnableControllers(dir.path(), {"cpu", "memory", "pids"}).ok());
  EXPECT_EQ(ReadText(dir.path() + "/cgroup.subtree_control"), "+cpu +memory +pids");
}

TEST(CgroupV2Files, LimitsGoToMemoryMaxPidsMaxAndCpuMax) {
  TempDir dir;
  Touch(dir.path(), {"memory.max", "memory.swap.max", "pids.max", "cpu.max"});
  CgroupLimits limits;
  limits.memory_bytes = 64 << 20;
  limits.pids = 17;
  limits.cpus = 0.5;
  ASSERT_TRUE(cgroup_v2::ApplyLimits(dir.path(), limits, {"memory", "pids", "cpu"}).ok());
  EXPECT_EQ(ReadText(dir.path() + "/memory.max"), "67108864");
  EXPECT_EQ(ReadText(dir.path() + "/memory.swap.max"), "0");
  EXPECT_EQ(ReadText(dir.path() + "/pids.max"), "17");
  EXPECT_EQ(ReadText(dir.path() + "/cpu.max"), "50000 100000");
}

TEST(CgroupV2Files, StatsComeFromCpuStatMemoryPeakAndEvents) {
  TempDir dir;
  WriteText(dir.path() + "/cpu.stat", "usage_usec 3000\nuser_usec 2000\nsystem_usec 1000\nnr_periods 0\n");
  WriteText(dir.path() + "/memory.peak", "1048576\n");
  WriteText(dir.path() + "/memory.events", "low 0\nhigh 0\nmax 4\noom 1\noom_kill 1\noom_group_kill 0\n");
  WriteText(dir.path() + "/pids.events", "max 3\n");
  CgroupStats stats;
  cgroup_v2::ReadStats(dir.path(), stats, true);
  EXPECT_EQ(stats.cpu_user_ns, 2'000'000);
  EXPECT_EQ(stats.cpu_sys_ns, 1'000'000);
  EXPECT_EQ(stats.peak_memory_bytes, 1u << 20);
  EXPECT_EQ(stats.oom_kills, 1u);
  EXPECT_EQ(stats.pids_refused, 3u);
  EXPECT_EQ(stats.cpu_source, "cgroup v2");
  EXPECT_EQ(cgroup_v2::CpuUsageNs(dir.path()), 3'000'000);
}

TEST(CgroupV1Files, LimitsAndStatsUseTheLegacyNames) {
  TempDir dir;
  Touch(dir.path(), {"memory.limit_in_bytes", "memory.memsw.limit_in_bytes", "pids.max", "cpu.cfs_period_us",
                     "cpu.cfs_quota_us"});
  CgroupLimits limits;
  limits.memory_bytes = 1 << 20;
  limits.pids = 9;
  limits.cpus = 1.5;
  for (const char* controller : {"memory", "pids", "cpu"}) ASSERT_TRUE(cgroup_v1::ApplyLimit(controller, dir.path(), limits).ok());
  EXPECT_EQ(ReadText(dir.path() + "/memory.limit_in_bytes"), "1048576");
  EXPECT_EQ(ReadText(dir.path() + "/memory.memsw.limit_in_bytes"), "1048576");
  EXPECT_EQ(ReadText(dir.path() + "/pids.max"), "9");
  EXPECT_EQ(ReadText(dir.path() + "/cpu.cfs_quota_us"), "150000");

  WriteText(dir.path() + "/cpuacct.usage", "5000\n");
  WriteText(dir.path() + "/cpuacct.usage_user", "3000\n");
  WriteText(dir.path() + "/cpuacct.usage_sys", "2000\n");
  WriteText(dir.path() + "/memory.max_usage_in_bytes", "4096\n");
  WriteText(dir.path() + "/memory.oom_control", "oom_kill_disable 0\nunder_oom 0\noom_kill 2\n");
  WriteText(dir.path() + "/pids.events", "max 5\n");
  CgroupStats stats;
  for (const char* controller : {"cpuacct", "memory", "pids"}) cgroup_v1::ReadStats(controller, dir.path(), stats);
  EXPECT_EQ(stats.cpu_user_ns, 3000);
  EXPECT_EQ(stats.cpu_sys_ns, 2000);
  EXPECT_EQ(stats.peak_memory_bytes, 4096u);
  EXPECT_EQ(stats.oom_kills, 2u);
  EXPECT_EQ(stats.pids_refused, 5u);
  EXPECT_EQ(cgroup_v1::CpuUsageNs(dir.path()), 5000);
}

TEST(CgroupV1Files, MissingFilesMeanNoFigures) {
  TempDir dir;
  CgroupStats stats;
  cgroup_v1::ReadStats("memory", dir.path(), stats);
  cgroup_v2::ReadStats(dir.path(), stats, true);
  EXPECT_FALSE(stats.peak_memory_bytes.has_value());
  EXPECT_FALSE(stats.cpu_user_ns.has_value());
  EXPECT_FALSE(cgroup_v2::CpuUsageNs(dir.path()).has_value());
}

}  // namespace
}  // namespace cella::sandbox
