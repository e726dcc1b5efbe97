// sandbox/pid_ns.cc: the cell's init (see pid_ns.h). Child side. Signals are taken with
// sigwaitinfo, so init runs no handler code and never races with itself.
#include "sandbox/pid_ns.h"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

namespace cella::sandbox::pid_ns {
namespace {

constexpr int kForwarded[] = {SIGTERM, SIGINT, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2};

sigset_t InitSet() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGCHLD);
  for (int sig : kForwarded) sigaddset(&set, sig);
  return set;
}

}  // namespace

void BlockInitSignals() {
  sigset_t set = InitSet();
  ::sigprocmask(SIG_BLOCK, &set, nullptr);
}

void ResetSignals() {
  // execve resets handled signals; only ignored ones (e.g. under nohup) would carry over.
  for (int sig = 1; sig < SIGRTMIN; ++sig) {
    struct sigaction action{};
    if (::sigaction(sig, nullptr, &action) == 0 && action.sa_handler == SIG_IGN) ::signal(sig, SIG_DFL);
  }
  sigset_t none;
  sigemptyset(&none);
  ::sigprocmask(SIG_SETMASK, &none, nullptr);
}

void RunInit(pid_t program, int status_fd) {
  sigset_t set = InitSet();
  for (;;) {
    siginfo_t info{};
    int sig = ::sigwaitinfo(&set, &info);
    if (sig < 0) continue;
    if (sig != SIGCHLD) {
      // From Cella (outside the namespace, so si_pid reads 0). Terminal signals came from
      // the kernel and already reached the program, which shares the process group.
      if (info.si_code == SI_USER && info.si_pid == 0) ::kill(program, sig);
      continue;
    }
    for (;;) {
      int status = 0;
      pid_t pid = ::waitpid(-1, &status, WNOHANG);
      if (pid <= 0) break;
      if (pid == program) {
        ssize_t ignored = ::write(status_fd, &status, sizeof status);
        (void)ignored;
        ::_exit(0);
      }
    }
  }
}

}  // namespace cella::sandbox::pid_ns
