// tests/wasi/cli_runner.cc: Cella (see cli_runner.h). Test-only.
#include "cli_runner.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include "os/clock.h"

namespace cella::wasi::testing {

CliRun Cella(const std::vector<std::string>& args, const std::string& input, Stdin mode, int limit_s,
             const std::vector<std::string>& env) {
  int in[2], out[2], err[2];
  if (::pipe2(in, O_CLOEXEC) != 0 || ::pipe2(out, O_CLOEXEC) != 0 || ::pipe2(err, O_CLOEXEC) != 0) return {};
  int64_t start = os::MonotonicNanos();
  pid_t pid = ::fork();
  if (pid == 0) {
    ::dup2(in[0], 0);
    ::dup2(out[1], 1);
    ::dup2(err[1], 2);
    for (const std::string& e : env) ::putenv(const_cast<char*>(e.c_str()));
    std::vector<char*> argv{const_cast<char*>(CELLA_BINARY), const_cast<char*>("run")};
    for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    ::execv(CELLA_BINARY, argv.data());
    ::_exit(127);
  }
  ::close(in[0]);
  ::close(out[1]);
  ::close(err[1]);
  if (!input.empty()) (void)!::write(in[1], input.data(), input.size());
  if (mode == Stdin::kEmpty) ::close(in[1]);
  CliRun r;
  pollfd fds[2] = {{out[0], POLLIN, 0}, {err[0], POLLIN, 0}};
  int open = 2;
  while (open > 0) {
    int64_t left_ms = limit_s * 1000 - (os::MonotonicNanos() - start) / 1'000'000;
    if (left_ms <= 0 || ::poll(fds, 2, static_cast<int>(left_ms)) <= 0) {
      ::kill(pid, SIGKILL);
      break;
    }
    for (int i = 0; i < 2; ++i) {
      if (fds[i].fd < 0 || fds[i].revents == 0) continue;
      char buf[4096];
      ssize_t n = ::read(fds[i].fd, buf, sizeof buf);
      if (n <= 0) {
        ::close(fds[i].fd);
        fds[i].fd = -1;
        --open;
      } else {
        (i == 0 ? r.out : r.err).append(buf, static_cast<size_t>(n));
      }
    }
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  if (mode == Stdin::kOpenPipe) ::close(in[1]);
  for (pollfd& p : fds) {
    if (p.fd >= 0) ::close(p.fd);
  }
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  r.seconds = static_cast<double>(os::MonotonicNanos() - start) / 1e9;
  return r;
}

}  // namespace cella::wasi::testing
