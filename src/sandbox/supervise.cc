// sandbox/supervise.cc: the parent's event loop over the init's pidfd, Cella's signals
// and the child-error pipe, with deadlines for the timeout and CPU polling. Parent side.
#include "sandbox/supervise.h"

#include <poll.h>
#include <signal.h>
#include <sys/signalfd.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>

#include "os/clock.h"
#include "sandbox/child_error.h"

namespace cella::sandbox {
namespace {

constexpr int64_t kMinCpuPollNs = 5'000'000;

}  // namespace

SuperviseOutcome Supervise(const SuperviseInput& input) {
  SuperviseOutcome out;
  int error_fd = input.error_fd;
  int signals_seen = 0;
  bool killed = false;
  std::optional<int64_t> deadline;
  if (input.timeout_ns) deadline = input.start_ns + *input.timeout_ns;
  bool poll_cpu = input.cpu_limit_ns && input.cgroup != nullptr && input.cgroup->CpuUsageNs().has_value();
  const int64_t cpus = poll_cpu ? std::max<long>(1, ::sysconf(_SC_NPROCESSORS_ONLN)) : 1;
  int64_t next_cpu_check = input.start_ns + kMinCpuPollNs;
  auto kill_cell = [&] {
    if (!killed) ::kill(input.init, SIGKILL);  // PID 1 dies, and the kernel kills the rest
    killed = true;
  };

  for (;;) {
    int64_t now = os::MonotonicNanos();
    int64_t wake = INT64_MAX;
    if (deadline && !killed) wake = std::min(wake, *deadline);
    if (poll_cpu && !killed) wake = std::min(wake, next_cpu_check);
    int timeout_ms = -1;
    if (wake != INT64_MAX) timeout_ms = static_cast<int>(std::max<int64_t>(0, (wake - now + 999'999) / 1'000'000));

    pollfd fds[3] = {{input.pidfd, POLLIN, 0}, {input.signal_fd, POLLIN, 0}, {error_fd, POLLIN, 0}};
    int rc = ::poll(fds, error_fd >= 0 ? 3 : 2, timeout_ms);
    if (rc < 0 && errno != EINTR) break;
    if (error_fd >= 0 && (fds[2].revents & (POLLIN | POLLHUP)) != 0) {
      Status reported = ReadChildError(error_fd, &out.child_errno);
      if (!reported.ok()) out.child_error = reported.error();
      error_fd = -1;
    }
    if ((fds[1].revents & POLLIN) != 0) {
      signalfd_siginfo info{};
      if (::read(input.signal_fd, &info, sizeof info) == sizeof info) {
        ++signals_seen;
        if (signals_seen == 1 && info.ssi_code != SI_KERNEL) {
          ::kill(input.init, static_cast<int>(info.ssi_signo));  // init forwards it
        } else if (signals_seen >= 2) {
          out.stop_signal = static_cast<int>(info.ssi_signo);
          kill_cell();
        }
      }
    }
    if ((fds[0].revents & POLLIN) != 0) break;
    now = os::MonotonicNanos();
    if (deadline && !killed && now >= *deadline) {
      out.timed_out = true;
      kill_cell();
    }
    if (poll_cpu && !killed && now >= next_cpu_check) {
      int64_t used = input.cgroup->CpuUsageNs().value_or(0);
      if (used >= *input.cpu_limit_ns) {
        out.cpu_exceeded = true;
        kill_cell();
      } else {
        // The tree cannot burn more than `cpus` CPU-seconds per second.
        next_cpu_check = now + std::max(kMinCpuPollNs, (*input.cpu_limit_ns - used) / cpus);
      }
    }
  }
  while (::wait4(input.init, &out.init_status, 0, &out.usage) < 0 && errno == EINTR) {
  }
  out.end_ns = os::MonotonicNanos();
  if (error_fd >= 0) {
    Status reported = ReadChildError(error_fd, &out.child_errno);
    if (!reported.ok()) out.child_error = reported.error();
  }
  int status = 0;
  if (::read(input.status_fd, &status, sizeof status) == sizeof status) out.program_status = status;
  return out;
}

}  // namespace cella::sandbox
