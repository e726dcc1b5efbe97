// sandbox/supervise.h: parent side, while the cell runs: waits for its init to exit and
// enforces what only the parent can: the wall-clock timeout, the CPU time of the whole
// tree (polled from the cgroup) and Cella's own termination signals (the first is
// forwarded to the program, the second kills the cell). Not thread-safe.
#pragma once

#include <sys/resource.h>
#include <sys/types.h>

#include <cstdint>
#include <optional>
#include <string>

#include "base/result.h"
#include "sandbox/cgroup.h"

namespace cella::sandbox {

struct SuperviseInput {
  pid_t init = -1;
  int pidfd = -1;
  int signal_fd = -1;   // signalfd for SIGINT, SIGTERM, SIGHUP, SIGQUIT
  int error_fd = -1;    // child_error pipe (read end)
  int status_fd = -1;   // init's report of the program's wait status (read end)
  const CellCgroup* cgroup = nullptr;
  int64_t start_ns = 0;
  std::optional<int64_t> timeout_ns;
  std::optional<int64_t> cpu_limit_ns;
};

struct SuperviseOutcome {
  int init_status = 0;
  rusage usage{};                      // init and every process it reaped
  std::optional<int> program_status;   // absent when init itself was killed
  bool timed_out = false;
  bool cpu_exceeded = false;
  int stop_signal = 0;                 // Cella's own signal that made it kill the cell
  std::optional<Error> child_error;    // setup or execve failure reported by the cell
  int child_errno = 0;
  int64_t end_ns = 0;
};

SuperviseOutcome Supervise(const SuperviseInput& input);

}  // namespace cella::sandbox
