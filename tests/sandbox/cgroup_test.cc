// tests/sandbox/cgroup_test.cc: CellCgroup on this host's real hierarchies, including the
// v1-only path (v2 hidden from the layout) with its freezer-based kill, and
// KillAndRemoveCgroup on a cgroup full of processes. Needs root.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cella_runner.h"
#include "sandbox/cgroup.h"

namespace cella::sandbox {
namespace {

pid_t SleepingChild() {
  pid_t pid = fork();
  if (pid == 0) {
    for (;;) pause();
  }
  return pid;
}

bool Reaped(pid_t pid) {
  int status = 0;
  for (int i = 0; i < 500; ++i) {
    if (waitpid(pid, &status, WNOHANG) == pid) return WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL;
    usleep(2000);
  }
  return false;
}

class CellCgroupTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (std::string reason = testing::RootSkipReason(); !reason.empty()) GTEST_SKIP() << reason;
    auto layout = DetectCgroupLayout();
    ASSERT_TRUE(layout.ok()) << layout.error().ToString();
    layout_ = *layout;
    if (layout_.v2_dir.empty() && layout_.v1_dirs.empty()) GTEST_SKIP() << "no cgroup hierarchy is mounted";
  }
  CgroupLayout layout_;
};

TEST_F(CellCgroupTest, LimitsAccountingKillAndRemoval) {
  CgroupLimits limits;
  limits.memory_bytes = 64 << 20;
  limits.pids = 8;
  limits.accounting = true;
  std::vector<std::string> registered;
  auto group = CellCgroup::Create(layout_, "cella-test-" + std::to_string(getpid()), limits,
                                  [&](const std::string& dir) { registered.push_back(dir); });
  ASSERT_TRUE(group.ok()) << group.error().ToString();
  EXPECT_EQ(registered, group->dirs());
  EXPECT_NE(group->Describe(), "none");
  pid_t child = SleepingChild();
  ASSERT_TRUE(group->Attach(child, true).ok());
  EXPECT_TRUE(group->CpuUsageNs().has_value());
  CgroupStats stats = group->Stats();
  EXPECT_TRUE(stats.cpu_user_ns.has_value());
  ASSERT_TRUE(group->Remove().ok());
  EXPECT_TRUE(Reaped(child)) << "Remove() must kill what is left in the group";
  for (const std::string& dir : registered) EXPECT_NE(access(dir.c_str(), F_OK), 0) << dir;
}

TEST_F(CellCgroupTest, V1OnlyHostUsesTheFreezerToKill) {
  if (layout_.v1_dirs.count("freezer") == 0 || layout_.v1_dirs.count("pids") == 0) {
    GTEST_SKIP() << "this host has no v1 freezer and pids hierarchies";
  }
  CgroupLayout v1_only = layout_;
  v1_only.v2_dir.clear();
  CgroupLimits limits;
  limits.pids = 4;
  auto group = CellCgroup::Create(v1_only, "cella-test-v1-" + std::to_string(getpid()), limits, [](const std::string&) {});
  ASSERT_TRUE(group.ok()) << group.error().ToString();
  EXPECT_EQ(group->Describe(), "v1");
  EXPECT_TRUE(group->enforces("pids"));
  bool has_freezer = false;
  for (const std::string& dir : group->dirs()) has_freezer |= dir.find("/freezer") != std::string::npos;
  EXPECT_TRUE(has_freezer);
  std::vector<pid_t> children;
  for (int i = 0; i < 3; ++i) {
    children.push_back(SleepingChild());
    ASSERT_TRUE(group->Attach(children.back(), false).ok());
  }
  ASSERT_TRUE(group->Remove().ok());
  for (pid_t child : children) EXPECT_TRUE(Reaped(child));
}

TEST_F(CellCgroupTest, AFailedCreateRemovesWhatItMade) {
  testing::TempDir fake;  // a plain directory: mkdir works, the control files are missing
  CgroupLayout layout = layout_;
  layout.v1_dirs["memory"] = fake.path();
  layout.v2_controllers.clear();  // so memory must come from the (fake) v1 hierarchy
  std::vector<std::string> registered;
  CgroupLimits limits;
  limits.memory_bytes = 1 << 20;
  auto group = CellCgroup::Create(layout, "cella-test-fail-" + std::to_string(getpid()), limits,
                                  [&](const std::string& dir) { registered.push_back(dir); });
  ASSERT_FALSE(group.ok());
  EXPECT_NE(group.error().message.find("memory.limit_in_bytes"), std::string::npos) << group.error().message;
  ASSERT_FALSE(registered.empty());
  for (const std::string& dir : registered) EXPECT_NE(access(dir.c_str(), F_OK), 0) << dir << " was left behind";
}

TEST_F(CellCgroupTest, CellGoesUnderTheGivenCgroupParent) {
  if (layout_.v2_dir.empty()) GTEST_SKIP() << "no cgroup v2 hierarchy is mounted";
  std::string parent = layout_.v2_dir + "/cella-test-parent-" + std::to_string(getpid());
  ASSERT_EQ(mkdir(parent.c_str(), 0755), 0);
  testing::TempDir dir;
  std::string ready = dir.path() + "/ready";
  pid_t cella = testing::StartCella({"exec", "--cgroup-parent", parent, "--pids", "8", "--rw", dir.path(), "--", "/bin/sh",
                                     "-c", "touch " + ready + "; sleep 5"});
  std::string cell = parent + "/cella-" + std::to_string(cella);
  bool seen = false;
  for (int i = 0; i < 1000 && !seen; ++i) {
    seen = access(ready.c_str(), F_OK) == 0 && access(cell.c_str(), F_OK) == 0;
    usleep(5000);
  }
  EXPECT_TRUE(seen) << cell << " never appeared";
  kill(cella, SIGKILL);  // the reaper must clean up under the custom parent too
  waitpid(cella, nullptr, 0);
  bool gone = false;
  for (int i = 0; i < 1000 && !gone; ++i) {
    gone = access(cell.c_str(), F_OK) != 0;
    usleep(5000);
  }
  EXPECT_TRUE(gone) << cell << " was left behind";
  EXPECT_EQ(rmdir(parent.c_str()), 0);

  testing::RunResult bad = testing::RunCella({"exec", "--cgroup-parent", dir.path(), "--pids", "8", "--", "/bin/true"});
  EXPECT_EQ(bad.exit_code, 125);
  EXPECT_NE(bad.err.find("is not a cgroup v2 directory"), std::string::npos) << bad.err;
}

TEST_F(CellCgroupTest, KillAndRemoveOfAMissingCgroupSucceeds) {
  EXPECT_TRUE(KillAndRemoveCgroup("/sys/fs/cgroup/no-such-cella-group", 100).ok());
}

}  // namespace
}  // namespace cella::sandbox
