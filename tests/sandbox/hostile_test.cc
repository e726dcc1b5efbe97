// tests/sandbox/hostile_test.cc: hostile and greedy programs under the real `cella exec`:
// fork bomb, memory hog, CPU spinner, escaping daemon, writes outside the grants, cow,
// network, seccomp escapes, /proc, the JSON report and the exit codes.
#include <arpa/inet.h>
#include <signal.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include "cella_runner.h"

namespace cella::sandbox::testing {
namespace {

#define SKIP_UNLESS_ROOT()                                       \
  do {                                                           \
    if (std::string reason = RootSkipReason(); !reason.empty()) GTEST_SKIP() << reason; \
  } while (0)

nlohmann::json ReadReport(const std::string& path) {
  std::string text = ReadText(path);
  if (text.empty()) return nlohmann::json::object();
  return nlohmann::json::parse(text);
}

// Runs cella exec with --report and returns the run and the parsed report.
struct ReportedRun {
  RunResult run;
  nlohmann::json report;
};
ReportedRun RunWithReport(std::vector<std::string> exec_args, const std::vector<std::string>& command) {
  TempDir dir;
  std::string path = dir.path() + "/report.json";
  std::vector<std::string> args = {"exec", "--report", path};
  args.insert(args.end(), exec_args.begin(), exec_args.end());
  args.push_back("--");
  args.insert(args.end(), command.begin(), command.end());
  ReportedRun result{RunCella(args), nlohmann::json::object()};
  result.report = ReadReport(path);
  return result;
}

double CpuSeconds(const nlohmann::json& report) {
  return report.value("cpu_user_s", 0.0) + report.value("cpu_sys_s", 0.0);
}

std::string Token(const char* what) { return std::string("cella-token-") + what + "-" + std::to_string(getpid()); }

TEST(Hostile, ForkBombIsHeldByThePidsLimit) {
  SKIP_UNLESS_ROOT();
  auto [run, json] = RunWithReport({"--pids", "16", "--timeout", "30s"}, {Program("fork_bomb")});
  EXPECT_EQ(run.exit_code, 1) << run.err;
  EXPECT_NE(run.out.find("fork refused"), std::string::npos) << run.out;
  EXPECT_EQ(json["reason"], "pids limit");
  EXPECT_GT(json["pids_refused"].get<int>(), 0);
  EXPECT_TRUE(ProcessesWith(Program("fork_bomb")).empty()) << "bomb survivors outlived the cell";
}

TEST(Hostile, MemoryHogIsStoppedAndReportedAsMemoryLimit) {
  SKIP_UNLESS_ROOT();
  auto [run, json] = RunWithReport({"--memory", "64M", "--stats"}, {Program("mem_hog"), "1024"});
  EXPECT_EQ(run.exit_code, 137) << run.out << run.err;
  EXPECT_EQ(run.out.find("allocated"), std::string::npos);
  EXPECT_NE(run.err.find("memory limit"), std::string::npos) << run.err;
  EXPECT_EQ(json["reason"], "memory limit");
  EXPECT_EQ(json["signal"], "SIGKILL");
  EXPECT_LE(json["peak_memory_bytes"].get<uint64_t>(), 64ull << 20);
  EXPECT_GT(json["peak_memory_bytes"].get<uint64_t>(), 32ull << 20);
}

TEST(Hostile, MemoryHogWithinTheLimitSucceeds) {
  SKIP_UNLESS_ROOT();
  RunResult run = RunCella({"exec", "--memory", "256M", "--", Program("mem_hog"), "64"});
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.out.find("allocated 64 MiB"), std::string::npos);
}

TEST(Hostile, CpuSpinnerIsStoppedByCpuTimeOverTheWholeTree) {
  SKIP_UNLESS_ROOT();
  auto [run, json] = RunWithReport({"--cpu-time", "1s", "--timeout", "30s"}, {Program("spinner"), "2"});
  EXPECT_EQ(run.exit_code, 137) << run.err;
  EXPECT_EQ(json["reason"], "cpu limit");
  EXPECT_GE(CpuSeconds(json), 0.95);
  EXPECT_LT(CpuSeconds(json), 3.0);
  EXPECT_LT(json["wall_time_s"].get<double>(), 10.0);
}

TEST(Hostile, CpuQuotaThrottlesTheTree) {
  SKIP_UNLESS_ROOT();
  auto [run, json] = RunWithReport({"--cpus", "0.25", "--timeout", "1s"}, {Program("spinner"), "2"});
  EXPECT_EQ(run.exit_code, 137) << run.err;
  EXPECT_EQ(json["reason"], "timeout");
  EXPECT_GT(CpuSeconds(json), 0.0);
  EXPECT_LT(CpuSeconds(json), 0.5) << "two spinners got more than a quarter CPU for a second";
}

TEST(Hostile, FileSizeAndOpenFileLimitsApplyPerProcess) {
  auto [run, json] = RunWithReport({"--max-file-size", "1M"}, {"/bin/sh", "-c", "exec head -c 2000000 /dev/zero > /tmp/big"});
  EXPECT_EQ(run.exit_code, 128 + SIGXFSZ) << run.err;
  EXPECT_EQ(json["reason"], "file size limit");
  RunResult files = RunCella({"exec", "--max-open-files", "12", "--", "/bin/sh", "-c", "ulimit -n"});
  EXPECT_EQ(files.out, "12\n") << files.err;
}

TEST(Hostile, TmpIsSizeLimited) {
  RunResult run = RunCella({"exec", "--tmp-size", "1M", "--", "/bin/sh", "-c", "head -c 2000000 /dev/zero > /tmp/big"});
  EXPECT_NE(run.exit_code, 0);
  EXPECT_NE(run.err.find("No space left on device"), std::string::npos) << run.err;
}

TEST(Hostile, WallClockTimeoutKillsTheTree) {
  auto [run, json] = RunWithReport({"--timeout", "300ms"}, {"/bin/sh", "-c", "sleep 30 & sleep 30"});
  EXPECT_EQ(run.exit_code, 137) << run.err;
  EXPECT_EQ(json["reason"], "timeout");
  EXPECT_LT(json["wall_time_s"].get<double>(), 5.0);
}

TEST(Hostile, DoubleForkedSetsidDaemonIsKilledAtTheEnd) {
  std::string token = Token("daemon");
  RunResult run = RunCella({"exec", "--", Program("daemon"), token});
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_TRUE(ProcessesWith(token).empty()) << "the daemon outlived its cell";
}

TEST(Hostile, WritesOutsideTheRwDirsAreRefused) {
  TempDir granted;
  TempDir other;
  std::string script = "echo ok > " + granted.path() + "/inside; echo bad > " + other.path() +
                       "/outside; echo bad > /etc/cella-escape; echo bad > /var/tmp/cella-escape; "
                       "rm -f /bin/sh; test -e " + granted.path() + "/inside";
  RunResult run = RunCella({"exec", "--rw", granted.path(), "--", "/bin/sh", "-c", script});
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(ReadText(granted.path() + "/inside"), "ok\n");
  EXPECT_NE(access((other.path() + "/outside").c_str(), F_OK), 0) << "a write outside the grants reached the host";
  EXPECT_NE(access("/etc/cella-escape", F_OK), 0);
  EXPECT_NE(access("/var/tmp/cella-escape", F_OK), 0);
  EXPECT_EQ(access("/bin/sh", X_OK), 0);
  EXPECT_NE(run.err.find("Read-only file system"), std::string::npos) << run.err;
}

TEST(Hostile, ReadOnlyGrantRefusesWrites) {
  TempDir dir;
  RunResult run = RunCella({"exec", "--ro", dir.path(), "--", "/bin/sh", "-c", "echo x > " + dir.path() + "/f"});
  EXPECT_NE(run.exit_code, 0);
  EXPECT_NE(access((dir.path() + "/f").c_str(), F_OK), 0);
}

TEST(Hostile, CowDirChangesInsideWhileTheHostDirStaysTheSame) {
  TempDir dir;
  TempDir keep_parent;
  WriteText(dir.path() + "/file", "original\n");
  WriteText(dir.path() + "/doomed", "x\n");
  std::string script = "echo changed > " + dir.path() + "/file && rm " + dir.path() + "/doomed && echo new > " +
                       dir.path() + "/added && cat " + dir.path() + "/file";
  RunResult run = RunCella({"exec", "--cow", dir.path(), "--", "/bin/sh", "-c", script});
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.out, "changed\n");
  EXPECT_EQ(ReadText(dir.path() + "/file"), "original\n");
  EXPECT_EQ(access((dir.path() + "/doomed").c_str(), F_OK), 0);
  EXPECT_NE(access((dir.path() + "/added").c_str(), F_OK), 0);

  // --cow-keep saves the upper layer (OUT/<guest path>) and leaves no work dir behind.
  std::string keep = keep_parent.path() + "/layers";
  run = RunCella({"exec", "--cow", dir.path(), "--cow-keep", keep, "--", "/bin/sh", "-c", script});
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(ReadText(keep + dir.path() + "/file"), "changed\n");
  EXPECT_EQ(ReadText(keep + dir.path() + "/added"), "new\n");
  EXPECT_EQ(ReadText(dir.path() + "/file"), "original\n");
  EXPECT_NE(access((keep + "/.cella-work-0").c_str(), F_OK), 0);
}

TEST(Hostile, NetworkIsRefusedWithoutAGrant) {
  // A service on the host's loopback stands for "the network".
  int listener = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  ASSERT_GE(listener, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(bind(listener, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  ASSERT_EQ(listen(listener, 4), 0);
  socklen_t len = sizeof addr;
  getsockname(listener, reinterpret_cast<sockaddr*>(&addr), &len);
  std::string port = std::to_string(ntohs(addr.sin_port));

  RunResult denied = RunCella({"exec", "--", Program("net_probe"), "127.0.0.1", port});
  EXPECT_EQ(denied.exit_code, 0) << denied.err;
  EXPECT_EQ(denied.out.find("connect=ok"), std::string::npos) << denied.out;

  RunResult granted = RunCella({"exec", "--net", "host", "--", Program("net_probe"), "127.0.0.1", port});
  EXPECT_NE(granted.out.find("connect=ok"), std::string::npos) << granted.out << granted.err;
  close(listener);
}

TEST(Hostile, SeccompRefusesMountPtraceUnshareKeyctlAndBpf) {
  RunResult run = RunCella({"exec", "--", Program("escape")});
  EXPECT_EQ(run.exit_code, 0) << run.err;
  for (const char* line : {"mount=EPERM", "umount=EPERM", "unshare=EPERM", "clone_newuser=EPERM", "ptrace=EPERM",
                           "keyctl=EPERM", "bpf=EPERM", "perf_event_open=EPERM", "userfaultfd=EPERM",
                           "init_module=EPERM", "pivot_root=EPERM", "chroot=EPERM", "setns=EPERM",
                           "io_uring_setup=EPERM", "clone3=ENOSYS", "tiocsti=EPERM"}) {
    EXPECT_NE(run.out.find(std::string(line) + "\n"), std::string::npos) << line << " missing in:\n" << run.out;
  }
}

TEST(Hostile, SeccompPolicyFileExtendsTheDefault) {
  TempDir dir;
  WriteText(dir.path() + "/extra.toml", "deny = [\"uname\"]\n");
  RunResult run = RunCella({"exec", "--seccomp-policy", dir.path() + "/extra.toml", "--", "/bin/uname"});
  EXPECT_NE(run.exit_code, 0);
  EXPECT_NE(run.err.find("not permitted"), std::string::npos) << run.err;
}

TEST(Hostile, ProcShowsOnlyTheCellsProcesses) {
  RunResult run = RunCella({"exec", "--", "/bin/sh", "-c", "cd /proc && echo [0-9]*; cat /proc/1/comm"});
  EXPECT_EQ(run.exit_code, 0) << run.err;
  std::string pids = run.out.substr(0, run.out.find('\n'));
  EXPECT_EQ(pids, "1 2");  // Cella's init and the shell, nothing of the host
  EXPECT_EQ(run.out.substr(run.out.find('\n') + 1), "cella\n");
}

TEST(Hostile, HostNameEnvironmentAndTmpArePrivate) {
  RunResult run = RunCella({"exec", "--env", "GREETING=hi", "--", "/bin/sh", "-c",
                            "hostname; echo \"$GREETING $HOME\"; ls -A /tmp | wc -l; ls /run | wc -l"});
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.out, "cella\nhi \n0\n0\n");
}

TEST(Hostile, ReportJsonHasStatusReasonCpuMemoryAndWallTime) {
  TempDir dir;
  std::string report = dir.path() + "/report.json";
  RunResult run = RunCella({"exec", "--report", report, "--", "/bin/sh", "-c", "i=0; while [ $i -lt 20000 ]; do i=$((i+1)); done; exit 7"});
  EXPECT_EQ(run.exit_code, 7) << run.err;
  nlohmann::json json = ReadReport(report);
  EXPECT_EQ(json["reason"], "exited");
  EXPECT_EQ(json["exit_code"], 7);
  EXPECT_TRUE(json["signal"].is_null());
  EXPECT_GT(json["cpu_user_s"].get<double>() + json["cpu_sys_s"].get<double>(), 0.0);
  EXPECT_GT(json["peak_memory_bytes"].get<uint64_t>(), 0u);
  EXPECT_GT(json["wall_time_s"].get<double>(), 0.0);
  EXPECT_TRUE(json["confinement"]["seccomp"].get<bool>());

  run = RunCella({"exec", "--report", report, "--", "/bin/sh", "-c", "kill -TERM $$"});
  EXPECT_EQ(run.exit_code, 128 + 15);
  json = ReadReport(report);
  EXPECT_EQ(json["reason"], "killed");
  EXPECT_EQ(json["signal"], "SIGTERM");
  EXPECT_TRUE(json["exit_code"].is_null());
}

TEST(Unprivileged, CellWorksForAnOrdinaryUserWithRlimitFallbacks) {
  if (geteuid() != 0) GTEST_SKIP() << "needs root to run cella as user nobody; CI runs this suite as root";
  TempDir dir;
  ASSERT_EQ(chown(dir.path().c_str(), 65534, 65534), 0);
  WriteText(dir.path() + "/seen", "host\n");
  std::string script = "id -u; echo cell > " + dir.path() + "/written; grep CapEff /proc/self/status; "
                       "echo x > /etc/cella-escape || echo refused";
  RunResult run = RunCellaUnder({"setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"},
                                {"exec", "--rw", dir.path(), "--pids", "16", "--cwd", "/", "--", "/bin/sh", "-c", script});
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.out, "65534\nCapEff:\t0000000000000000\nrefused\n");
  EXPECT_EQ(ReadText(dir.path() + "/written"), "cell\n");
  EXPECT_NE(run.err.find("no writable pids cgroup controller"), std::string::npos) << run.err;
}

TEST(ExecExitCodes, MissingProgramIs127AndUnexecutableIs126) {
  RunResult missing = RunCella({"exec", "--", "/no/such/program"});
  EXPECT_EQ(missing.exit_code, 127);
  EXPECT_NE(missing.err.find("/no/such/program"), std::string::npos) << missing.err;
  TempDir dir;
  WriteText(dir.path() + "/data", "not a program\n");
  chmod((dir.path() + "/data").c_str(), 0644);
  RunResult not_executable = RunCella({"exec", "--ro", dir.path(), "--", dir.path() + "/data"});
  EXPECT_EQ(not_executable.exit_code, 126) << not_executable.err;
}

TEST(ExecExitCodes, SetupErrorsAre125AndNameTheProblem) {
  RunResult bad_dir = RunCella({"exec", "--rw", "/no/such/dir", "--", "/bin/true"});
  EXPECT_EQ(bad_dir.exit_code, 125);
  EXPECT_NE(bad_dir.err.find("/no/such/dir"), std::string::npos) << bad_dir.err;
  RunResult bad_size = RunCella({"exec", "--memory", "lots", "--", "/bin/true"});
  EXPECT_EQ(bad_size.exit_code, 125);
  EXPECT_NE(bad_size.err.find("lots"), std::string::npos) << bad_size.err;
}

TEST(ExecPolicy, ManifestSharesKeysWithWasmCellsAndRefusesWasmOnlyOnes) {
  TempDir dir;
  WriteText(dir.path() + "/ok.toml",
            "[limits]\nwall_time = \"10s\"\n\n[grants]\nenv = { COLOR = \"blue\" }\n\n"
            "[[grants.dirs]]\nhost = \"" + dir.path() + "\"\nmode = \"rw\"\n");
  RunResult run = RunCella({"exec", "--policy", dir.path() + "/ok.toml", "--", "/bin/sh", "-c",
                            "echo $COLOR > " + dir.path() + "/out"});
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(ReadText(dir.path() + "/out"), "blue\n");

  WriteText(dir.path() + "/wasm.toml", "[limits]\nmemory = \"64M\"\nfuel = 1000\n");
  run = RunCella({"exec", "--policy", dir.path() + "/wasm.toml", "--", "/bin/true"});
  EXPECT_EQ(run.exit_code, 125);
  EXPECT_NE(run.err.find("wasm.toml:3: 'limits.fuel'"), std::string::npos) << run.err;
  EXPECT_NE(run.err.find("only to Wasm cells"), std::string::npos) << run.err;
}

}  // namespace
}  // namespace cella::sandbox::testing
