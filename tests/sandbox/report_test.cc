// tests/sandbox/report_test.cc: the JSON report and the --stats line of a native cell,
// and the exit code `cella exec` derives from a report.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <csignal>

#include "sandbox/report.h"

namespace cella::sandbox {
namespace {

Report Sample() {
  Report report;
  report.argv = {"/bin/sh", "-c", "echo \"hi\"\n"};
  report.reason = EndReason::kMemoryLimit;
  report.signal = SIGKILL;
  report.wall_ns = 1'500'000'000;
  report.cpu_user_ns = 250'000'000;
  report.cpu_sys_ns = 5'000'000;
  report.peak_memory_bytes = 64 << 20;
  report.cpu_source = "cgroup v2";
  report.memory_source = "cgroup v1";
  report.oom_kills = 1;
  report.namespaces = {"user", "mount"};
  report.cgroup = "v2+v1";
  report.landlock_abi = 7;
  report.seccomp = true;
  return report;
}

TEST(Report, JsonHasEveryFieldWithEscapedStrings) {
  auto json = nlohmann::json::parse(ReportToJson(Sample()));
  EXPECT_EQ(json["version"], 1);
  EXPECT_EQ(json["argv"][2], "echo \"hi\"\n");
  EXPECT_EQ(json["reason"], "memory limit");
  EXPECT_TRUE(json["exit_code"].is_null());
  EXPECT_EQ(json["signal"], "SIGKILL");
  EXPECT_EQ(json["signal_number"], 9);
  EXPECT_DOUBLE_EQ(json["wall_time_s"].get<double>(), 1.5);
  EXPECT_DOUBLE_EQ(json["cpu_user_s"].get<double>(), 0.25);
  EXPECT_DOUBLE_EQ(json["cpu_sys_s"].get<double>(), 0.005);
  EXPECT_EQ(json["peak_memory_bytes"], 64 << 20);
  EXPECT_EQ(json["oom_kills"], 1);
  EXPECT_EQ(json["confinement"]["landlock_abi"], 7);
  EXPECT_EQ(json["confinement"]["cgroup"], "v2+v1");
  EXPECT_TRUE(json["notes"].is_array());
}

TEST(Report, ExitedProgramHasACodeAndNoSignal) {
  Report report;
  report.exit_code = 3;
  auto json = nlohmann::json::parse(ReportToJson(report));
  EXPECT_EQ(json["reason"], "exited");
  EXPECT_EQ(json["exit_code"], 3);
  EXPECT_TRUE(json["signal"].is_null());
  EXPECT_EQ(ExitCodeFor(report), 3);
}

TEST(Report, SignalBecomes128PlusSignal) {
  EXPECT_EQ(ExitCodeFor(Sample()), 137);
}

TEST(Report, StatsLineNamesReasonAndFigures) {
  std::string line = ReportStatsLine(Sample());
  EXPECT_NE(line.find("memory limit"), std::string::npos) << line;
  EXPECT_NE(line.find("SIGKILL"), std::string::npos) << line;
  EXPECT_NE(line.find("wall 1.50 s"), std::string::npos) << line;
  EXPECT_NE(line.find("64.0 MiB"), std::string::npos) << line;
}

}  // namespace
}  // namespace cella::sandbox
