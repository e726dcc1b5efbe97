// sandbox/cell.h: the public surface of native cells. RunCell confines one program and its
// whole process tree as the policy says and returns a Report once every process is gone
// and every host-side resource (cgroups, work dirs) is removed. Called by `cella exec`.
// Not thread-safe: call from a single-threaded process (it forks and uses signalfd).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/result.h"
#include "policy/policy.h"

namespace cella::sandbox {

struct CellSpec {
  std::vector<std::string> argv;  // PROGRAM ARGS…; PROGRAM is searched in the cell's PATH
  policy::Policy policy;          // limits, grants and native options
  std::string seccomp_policy;     // optional extra rules file (see policy::ParseSeccompRules)
  std::string cwd;                // working directory in the cell; empty: host cwd if visible, else /
  bool accounting = false;        // measure CPU and peak memory over the tree (uses cgroups)
};

// Why the cell ended. Names appear verbatim in the JSON report.
enum class EndReason : uint8_t {
  kExited,         // the program returned an exit status
  kKilled,         // a signal ended it (crash, or Cella was asked to stop)
  kTimeout,        // wall-clock limit
  kMemoryLimit,    // the OOM killer acted inside the cell's memory cgroup
  kPidsLimit,      // the program ended after the pids limit refused a fork
  kCpuLimit,       // CPU time of the tree, or RLIMIT_CPU
  kFileSizeLimit,  // RLIMIT_FSIZE (SIGXFSZ)
};
const char* EndReasonName(EndReason reason);

struct Report {
  std::vector<std::string> argv;
  EndReason reason = EndReason::kExited;
  std::optional<int> exit_code;  // set when the program exited
  std::optional<int> signal;     // set when a signal ended it
  int64_t wall_ns = 0;           // clone to the last process's exit
  int64_t cpu_user_ns = 0;       // whole tree
  int64_t cpu_sys_ns = 0;
  uint64_t peak_memory_bytes = 0;
  std::string cpu_source;        // "cgroup v1", "cgroup v2" or "rusage"
  std::string memory_source;     // "cgroup v1", "cgroup v2" or "rusage (largest process)"
  uint64_t pids_refused = 0;     // forks refused by the pids limit
  uint64_t oom_kills = 0;
  std::string stopped_by;        // what Cella did to stop the cell, e.g. "SIGTERM to cella"
  // Confinement actually in force, for the record.
  std::vector<std::string> namespaces;
  std::string cgroup;            // "v2", "v1", "v2+v1" or "none (rlimits only)"
  int landlock_abi = 0;          // 0: unavailable
  bool seccomp = false;
  std::vector<std::string> notes;  // limits that fell back to a weaker mechanism
};

// Runs the cell. An error means Cella could not set the cell up (or could not execute the
// program: Errc::kExecFailed, with the errno in the message); the program's own failure
// is a Report.
Result<Report> RunCell(const CellSpec& spec);

// The exit code `cella exec` should return for a finished cell: the program's status, or
// 128 + signal.
int ExitCodeFor(const Report& report);

}  // namespace cella::sandbox
