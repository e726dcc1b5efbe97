// tests/sandbox/cgroup_detect_test.cc: cgroup layout detection from mountinfo and
// /proc/self/cgroup text: v1 only, v2 only, hybrid, container roots.
#include <gtest/gtest.h>

#include "sandbox/cgroup.h"

namespace cella::sandbox {
namespace {

// This machine's shape: v1 controllers plus an empty v2 at /sys/fs/cgroup/unified.
constexpr char kHybridMountinfo[] =
    "31 23 0:28 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755\n"
    "32 31 0:29 / /sys/fs/cgroup/cpu rw,relatime - cgroup cgroup rw,cpu\n"
    "33 31 0:30 / /sys/fs/cgroup/cpuacct rw,relatime - cgroup cgroup rw,cpuacct\n"
    "35 31 0:32 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory\n"
    "37 31 0:34 / /sys/fs/cgroup/freezer rw,relatime - cgroup cgroup rw,freezer\n"
    "39 31 0:36 / /sys/fs/cgroup/pids rw,relatime - cgroup cgroup rw,pids\n"
    "40 31 0:37 / /sys/fs/cgroup/systemd rw,relatime - cgroup cgroup rw,name=systemd\n"
    "41 31 0:38 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw\n";
constexpr char kHybridCgroup[] =
    "9:name=systemd:/\n8:pids:/\n6:freezer:/\n4:memory:/job/abc\n2:cpuacct:/\n1:cpu:/\n0::/\n";

TEST(CgroupLayout, FindsV1ControllersAndTheEmptyV2Hierarchy) {
  CgroupLayout layout = ParseCgroupLayout(kHybridMountinfo, kHybridCgroup);
  EXPECT_EQ(layout.v2_dir, "/sys/fs/cgroup/unified");
  EXPECT_EQ(layout.v1_dirs.at("memory"), "/sys/fs/cgroup/memory/job/abc");
  EXPECT_EQ(layout.v1_dirs.at("pids"), "/sys/fs/cgroup/pids");
  EXPECT_EQ(layout.v1_dirs.at("cpu"), "/sys/fs/cgroup/cpu");
  EXPECT_EQ(layout.v1_dirs.at("cpuacct"), "/sys/fs/cgroup/cpuacct");
  EXPECT_EQ(layout.v1_dirs.at("freezer"), "/sys/fs/cgroup/freezer");
  EXPECT_EQ(layout.v1_dirs.count("name=systemd"), 0u);
}

TEST(CgroupLayout, PureV2UsesTheCallersCgroup) {
  CgroupLayout layout = ParseCgroupLayout(
      "30 23 0:26 / /sys/fs/cgroup rw,nosuid,nodev,noexec,relatime shared:4 - cgroup2 cgroup2 rw,nsdelegate\n",
      "0::/user.slice/user-1000.slice/session-2.scope\n");
  EXPECT_EQ(layout.v2_dir, "/sys/fs/cgroup/user.slice/user-1000.slice/session-2.scope");
  EXPECT_TRUE(layout.v1_dirs.empty());
}

TEST(CgroupLayout, CoMountedControllersShareADirectory) {
  CgroupLayout layout = ParseCgroupLayout(
      "32 31 0:29 / /sys/fs/cgroup/cpu,cpuacct rw - cgroup cgroup rw,cpu,cpuacct\n", "3:cpu,cpuacct:/a\n");
  EXPECT_EQ(layout.v1_dirs.at("cpu"), "/sys/fs/cgroup/cpu,cpuacct/a");
  EXPECT_EQ(layout.v1_dirs.at("cpuacct"), "/sys/fs/cgroup/cpu,cpuacct/a");
}

TEST(CgroupLayout, MountRootInsideAContainerIsStripped) {
  CgroupLayout layout = ParseCgroupLayout(
      "50 40 0:30 /docker/xyz /sys/fs/cgroup/memory ro - cgroup cgroup rw,memory\n", "4:memory:/docker/xyz/inner\n");
  EXPECT_EQ(layout.v1_dirs.at("memory"), "/sys/fs/cgroup/memory/inner");
}

TEST(CgroupLayout, CgroupOutsideTheMountIsIgnored) {
  CgroupLayout layout = ParseCgroupLayout(
      "50 40 0:30 /docker/xyz /sys/fs/cgroup/memory ro - cgroup cgroup rw,memory\n", "4:memory:/elsewhere\n");
  EXPECT_EQ(layout.v1_dirs.count("memory"), 0u);
}

TEST(CgroupLayout, EscapedMountPointsAreDecoded) {
  CgroupLayout layout = ParseCgroupLayout("41 31 0:38 / /cg\\040two rw - cgroup2 cgroup2 rw\n", "0::/x\n");
  EXPECT_EQ(layout.v2_dir, "/cg two/x");
}

TEST(CgroupLayout, NothingMountedMeansNoCgroups) {
  CgroupLayout layout = ParseCgroupLayout("27 1 254:0 / / rw - ext4 /dev/vda rw\n", "0::/\n");
  EXPECT_TRUE(layout.v2_dir.empty());
  EXPECT_TRUE(layout.v1_dirs.empty());
}

}  // namespace
}  // namespace cella::sandbox
