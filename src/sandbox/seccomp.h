// sandbox/seccomp.h: the seccomp-bpf filter of a native cell, built with libseccomp. The
// default policy refuses with EPERM what a confined program never needs (mounts, other
// namespaces, ptrace, keyrings, bpf, perf, userfaultfd, kernel modules, kexec, ...);
// policy::SeccompRules extend or relax it. Parent side compiles, child side loads.
#pragma once

#include <string>
#include <vector>

#include "base/result.h"
#include "policy/policy.h"

namespace cella::sandbox::seccomp {

// The system calls the default policy refuses, in the order documented in
// docs/native-cells.md (clone with namespace flags and TIOCSTI are filtered by argument).
const std::vector<std::string>& DefaultDenied();

// Parent side: every name must be a system call of this architecture.
Status Validate(const policy::SeccompRules& rules);

// Parent side: compiles the filter to BPF (struct sock_filter array, as bytes). Cella does
// this while the cell's init sets up its mounts, and hands the bytes over a pipe.
Result<std::string> Compile(const policy::SeccompRules& rules);

// Child side, the last step before execve: loads compiled BPF into the calling process
// (no_new_privs must be set). `log` asks the kernel to log every refused call
// (SECCOMP_FILTER_FLAG_LOG).
Status Load(const std::string& bpf, bool log);

}  // namespace cella::sandbox::seccomp
