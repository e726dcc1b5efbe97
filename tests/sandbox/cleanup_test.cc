// tests/sandbox/cleanup_test.cc: guaranteed clean-up. Cella killed with SIGKILL mid-run
// leaves no process, mount or cgroup behind; 1,000 consecutive runs leave nothing.
#include <dirent.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <set>
#include <thread>

#include "cella_runner.h"

namespace cella::sandbox::testing {
namespace {

template <class Predicate>
bool WaitFor(Predicate done, int timeout_ms) {
  for (int waited = 0; waited < timeout_ms; waited += 10) {
    if (done()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return done();
}

TEST(Cleanup, SigkillOfCellaMidRunLeavesNoProcessMountOrCgroup) {
  if (std::string reason = RootSkipReason(); !reason.empty()) GTEST_SKIP() << reason;
  std::string token = "cella-token-sigkill-" + std::to_string(getpid());
  size_t mounts_before = HostMountCount();
  TempDir dir;
  // Limits make Cella create cgroups (and its reaper); the program forks a daemon and
  // sleeps, so the cell is busy when Cella dies.
  pid_t cella = StartCella({"exec", "--pids", "32", "--memory", "256M", "--cpu-time", "60s", "--cow", dir.path(), "--",
                            Program("daemon"), token, "600"});
  ASSERT_GT(cella, 0);
  ASSERT_TRUE(WaitFor([&] { return ProcessesWith(token).size() >= 2; }, 10000)) << "the cell never started";
  EXPECT_FALSE(CgroupsOf(cella).empty()) << "expected the cell to use cgroups on this machine";

  ASSERT_EQ(kill(cella, SIGKILL), 0);
  int status = 0;
  ASSERT_EQ(waitpid(cella, &status, 0), cella);

  EXPECT_TRUE(WaitFor([&] { return ProcessesWith(token).empty(); }, 5000)) << "cell processes outlived Cella";
  EXPECT_TRUE(WaitFor([&] { return CgroupsOf(cella).empty(); }, 10000)) << "cgroups outlived Cella";
  EXPECT_EQ(HostMountCount(), mounts_before) << "mounts leaked into the host namespace";
}

int WaitStatus(pid_t pid) {
  int status = 0;
  waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

TEST(Signals, FirstSignalToCellaIsForwardedSecondKillsTheCell) {
  TempDir dir;
  std::string ready = dir.path() + "/ready";
  // Forwarded: the program's trap runs and decides the exit status.
  pid_t cella = StartCella({"exec", "--rw", dir.path(), "--", "/bin/sh", "-c",
                            "trap 'exit 3' TERM; touch " + ready + "; while :; do sleep 0.05; done"});
  ASSERT_TRUE(WaitFor([&] { return access(ready.c_str(), F_OK) == 0; }, 10000));
  kill(cella, SIGTERM);
  EXPECT_EQ(WaitStatus(cella), 3);

  // A program that ignores SIGTERM: the second signal makes Cella kill the cell.
  unlink(ready.c_str());
  std::string report = dir.path() + "/report.json";
  cella = StartCella({"exec", "--rw", dir.path(), "--report", report, "--", "/bin/sh", "-c",
                      "trap '' TERM; touch " + ready + "; while :; do sleep 0.05; done"});
  ASSERT_TRUE(WaitFor([&] { return access(ready.c_str(), F_OK) == 0; }, 10000));
  kill(cella, SIGTERM);
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  kill(cella, SIGTERM);
  EXPECT_EQ(WaitStatus(cella), 137);
  EXPECT_NE(ReadText(report).find("\"stopped_by\": \"SIGTERM to cella\""), std::string::npos) << ReadText(report);
}

// Entries of /tmp that Cella could have left (the tests' own TempDirs excepted).
std::set<std::string> CellaTempEntries() {
  std::set<std::string> names;
  if (DIR* dir = opendir("/tmp")) {
    while (dirent* entry = readdir(dir)) {
      std::string name = entry->d_name;
      if ((name.rfind("cella", 0) == 0 || name.rfind(".cella", 0) == 0) && name.rfind("cella-test-", 0) != 0) names.insert(name);
    }
    closedir(dir);
  }
  return names;
}

TEST(Cleanup, ThousandConsecutiveRunsLeaveNothingBehind) {
  size_t mounts_before = HostMountCount();
  std::set<std::string> temp_before = CellaTempEntries();
  const bool root = RootSkipReason().empty();
  int failures = 0;
  for (int run = 0; run < 1000; ++run) {
    // Every tenth run uses limits, so the cgroup and reaper paths are exercised too.
    bool limited = root && run % 10 == 0;
    RunResult result = limited ? RunCella({"exec", "--pids", "8", "--memory", "64M", "--", "/bin/true"})
                               : RunCella({"exec", "--", "/bin/true"});
    if (result.exit_code != 0 && ++failures <= 3) ADD_FAILURE() << "run " << run << ": " << result.err;
    if (limited && !CgroupsOf(result.pid).empty()) ADD_FAILURE() << "run " << run << " left its cgroup";
  }
  EXPECT_EQ(failures, 0);
  EXPECT_EQ(HostMountCount(), mounts_before);
  EXPECT_EQ(CellaTempEntries(), temp_before);
  // No zombie or stray child of ours: every cella and reaper was waited for.
  EXPECT_EQ(waitpid(-1, nullptr, WNOHANG), -1);
  EXPECT_EQ(errno, ECHILD);
}

}  // namespace
}  // namespace cella::sandbox::testing
