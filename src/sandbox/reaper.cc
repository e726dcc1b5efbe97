// sandbox/reaper.cc: the watchdog behind Reaper (see reaper.h). It reads one resource per
// line from a pipe; end-of-file without "done" means Cella died, and it cleans up.
#include "sandbox/reaper.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <vector>

#include "os/errno_error.h"
#include "os/file_io.h"
#include "sandbox/cgroup.h"

namespace cella::sandbox {
namespace {

[[noreturn]] void WatchdogMain(int read_fd) {
  ::setsid();  // a kill of Cella's process group does not reach the watchdog
  for (int sig : {SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGPIPE, SIGTSTP, SIGTTIN, SIGTTOU}) ::signal(sig, SIG_IGN);
  sigset_t none;
  sigemptyset(&none);
  ::sigprocmask(SIG_SETMASK, &none, nullptr);
  int null_fd = ::open("/dev/null", O_RDWR | O_CLOEXEC);
  for (int fd = 0; fd <= 2; ++fd) {
    if (null_fd >= 0) ::dup2(null_fd, fd);  // never hold the caller's pipes open
  }
  if (::chdir("/") != 0) {
    // Stay where we are; paths are absolute.
  }

  std::vector<std::string> cgroups;
  std::vector<std::string> dirs;
  std::string pending;
  char buffer[4096];
  for (;;) {
    ssize_t n = ::read(read_fd, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    pending.append(buffer, static_cast<size_t>(n));
    size_t newline;
    while ((newline = pending.find('\n')) != std::string::npos) {
      std::string line = pending.substr(0, newline);
      pending.erase(0, newline + 1);
      if (line == "done") ::_exit(0);
      if (line.size() > 2 && line[0] == 'c') cgroups.push_back(line.substr(2));
      if (line.size() > 2 && line[0] == 'd') dirs.push_back(line.substr(2));
    }
  }
  // Cella is gone. Its init got SIGKILL with it; make sure and remove what is left.
  for (auto it = cgroups.rbegin(); it != cgroups.rend(); ++it) (void)KillAndRemoveCgroup(*it, 10000);
  for (const std::string& dir : dirs) (void)os::RemoveTree(dir);
  ::_exit(0);
}

}  // namespace

Result<Reaper> Reaper::Start() {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) return os::ErrnoError("pipe2(reaper)", errno, Errc::kSandboxSetup);
  os::UniqueFd read_end(fds[0]);
  os::UniqueFd write_end(fds[1]);
  pid_t pid = ::fork();
  if (pid < 0) return os::ErrnoError("fork(reaper)", errno, Errc::kSandboxSetup);
  if (pid == 0) {
    write_end.Reset();
    WatchdogMain(read_end.get());
  }
  Reaper reaper;
  reaper.pipe_ = std::move(write_end);
  reaper.pid_ = pid;
  return reaper;
}

void Reaper::Send(const std::string& line) {
  if (!pipe_) return;
  std::string message = line + "\n";
  ssize_t ignored = ::write(pipe_.get(), message.data(), message.size());
  (void)ignored;
}

void Reaper::Done() {
  if (!pipe_) return;
  Send("done");
  pipe_.Reset();
  int status;
  while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
  }
  pid_ = -1;
}

Reaper::~Reaper() {
  // Destroyed without Done(): closing the pipe makes the watchdog clean up, as if Cella
  // had died. Reap it so no zombie remains.
  if (pid_ > 0) {
    pipe_.Reset();
    int status;
    while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
    }
  }
}

}  // namespace cella::sandbox
