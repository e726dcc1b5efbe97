// tests/sandbox/cella_runner.cc: implementation of the test helpers in cella_runner.h.
#include "cella_runner.h"

#include <algorithm>

#include <dirent.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "os/clock.h"
#include "os/file_io.h"
#include "sandbox/cgroup.h"

extern char** environ;

namespace cella::sandbox::testing {
namespace {

std::vector<char*> Argv(std::vector<std::string>& args) {
  std::vector<char*> argv;
  for (std::string& arg : args) argv.push_back(arg.data());
  argv.push_back(nullptr);
  return argv;
}

}  // namespace

namespace {

// The cella command line for `args`. A cell gets a fresh /tmp, which hides a build tree
// under /tmp: the test programs are granted read-only when a command runs one from there.
std::vector<std::string> CellaCommand(const std::vector<std::string>& args) {
  std::vector<std::string> full = {CELLA_BINARY};
  full.insert(full.end(), args.begin(), args.end());
  const std::string programs = CELLA_TEST_PROGRAMS;
  bool runs_program =
      std::any_of(args.begin(), args.end(), [&](const std::string& a) { return a.rfind(programs, 0) == 0; });
  if (!args.empty() && args[0] == "exec" && runs_program && programs.rfind("/tmp/", 0) == 0) {
    full.insert(full.begin() + 2, {"--ro", programs});
  }
  return full;
}

}  // namespace

RunResult RunCella(const std::vector<std::string>& args, int timeout_s) { return RunCellaUnder({}, args, timeout_s); }

RunResult RunCellaUnder(const std::vector<std::string>& prefix, const std::vector<std::string>& args, int timeout_s) {
  std::vector<std::string> full = prefix;
  std::vector<std::string> command = CellaCommand(args);
  full.insert(full.end(), command.begin(), command.end());
  std::vector<char*> argv = Argv(full);
  int out_pipe[2], err_pipe[2];
  if (pipe2(out_pipe, O_CLOEXEC) != 0 || pipe2(err_pipe, O_CLOEXEC) != 0) return {};
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, out_pipe[1], 1);
  posix_spawn_file_actions_adddup2(&actions, err_pipe[1], 2);
  pid_t pid = -1;
  int rc = posix_spawnp(&pid, argv[0], &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  close(out_pipe[1]);
  close(err_pipe[1]);
  RunResult result;
  result.pid = pid;
  if (rc != 0) {
    close(out_pipe[0]);
    close(err_pipe[0]);
    result.err = "posix_spawn failed";
    return result;
  }
  int64_t deadline = os::MonotonicNanos() + int64_t{timeout_s} * 1'000'000'000;
  pollfd fds[2] = {{out_pipe[0], POLLIN, 0}, {err_pipe[0], POLLIN, 0}};
  int open_fds = 2;
  while (open_fds > 0) {
    int64_t left_ms = (deadline - os::MonotonicNanos()) / 1'000'000;
    if (left_ms <= 0) {
      kill(pid, SIGKILL);
      result.err += "\n[test: cella timed out]";
      break;
    }
    if (poll(fds, 2, static_cast<int>(left_ms)) < 0) continue;
    for (int i = 0; i < 2; ++i) {
      if (fds[i].fd < 0 || (fds[i].revents & (POLLIN | POLLHUP)) == 0) continue;
      char buffer[4096];
      ssize_t n = read(fds[i].fd, buffer, sizeof buffer);
      if (n <= 0) {
        close(fds[i].fd);
        fds[i].fd = -1;
        --open_fds;
      } else {
        (i == 0 ? result.out : result.err).append(buffer, static_cast<size_t>(n));
      }
    }
  }
  for (pollfd& fd : fds) {
    if (fd.fd >= 0) close(fd.fd);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return result;
}

pid_t StartCella(const std::vector<std::string>& args) {
  std::vector<std::string> full = CellaCommand(args);
  std::vector<char*> argv = Argv(full);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  for (int fd = 0; fd <= 2; ++fd) posix_spawn_file_actions_addopen(&actions, fd, "/dev/null", O_RDWR, 0);
  pid_t pid = -1;
  if (posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ) != 0) pid = -1;
  posix_spawn_file_actions_destroy(&actions);
  return pid;
}

std::string Program(const std::string& name) { return std::string(CELLA_TEST_PROGRAMS) + "/" + name; }

std::string RootSkipReason() {
  if (geteuid() == 0) return "";
  return "needs root (cgroup limits and host-wide clean-up checks); CI runs this suite as root";
}

std::vector<pid_t> ProcessesWith(const std::string& token) {
  std::vector<pid_t> found;
  DIR* proc = opendir("/proc");
  if (proc == nullptr) return found;
  while (dirent* entry = readdir(proc)) {
    char* end = nullptr;
    long pid = std::strtol(entry->d_name, &end, 10);
    if (*end != '\0' || pid <= 0 || pid == getpid()) continue;
    auto cmdline = os::ReadFile("/proc/" + std::string(entry->d_name) + "/cmdline");
    if (!cmdline.ok()) continue;
    for (char& c : *cmdline) {
      if (c == '\0') c = ' ';
    }
    if (cmdline->find(token) != std::string::npos && cmdline->find(CELLA_BINARY) == std::string::npos) {
      found.push_back(static_cast<pid_t>(pid));
    }
  }
  closedir(proc);
  return found;
}

size_t HostMountCount() {
  auto text = os::ReadFile("/proc/self/mountinfo");
  if (!text.ok()) return 0;
  size_t lines = 0;
  for (char c : *text) lines += c == '\n';
  return lines;
}

std::vector<std::string> CgroupsOf(pid_t pid) {
  std::vector<std::string> found;
  auto layout = DetectCgroupLayout();
  if (!layout.ok()) return found;
  std::vector<std::string> roots;
  if (!layout->v2_dir.empty()) roots.push_back(layout->v2_dir);
  for (const auto& [controller, dir] : layout->v1_dirs) roots.push_back(dir);
  for (const std::string& root : roots) {
    std::string dir = root + "/cella-" + std::to_string(pid);
    if (access(dir.c_str(), F_OK) == 0) found.push_back(dir);
  }
  return found;
}

TempDir::TempDir() {
  char pattern[] = "/tmp/cella-test-XXXXXX";
  path_ = mkdtemp(pattern);
}

TempDir::~TempDir() { (void)os::RemoveTree(path_); }

std::string ReadText(const std::string& path) {
  std::ifstream in(path);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

void WriteText(const std::string& path, const std::string& text) { std::ofstream(path) << text; }

}  // namespace cella::sandbox::testing
