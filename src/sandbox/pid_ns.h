// sandbox/pid_ns.h: child side of the PID namespace. The cell's first process is Cella's
// init (PID 1): it reaps orphans, forwards the signals Cella sends it to the program, and
// exits when the program does, whereupon the kernel kills every process left in the
// namespace (double-forked daemons included).
#pragma once

#include <sys/types.h>

namespace cella::sandbox::pid_ns {

// Signals init forwards; they must be blocked before the program is forked.
void BlockInitSignals();
// Restores a clean signal state in the program's process before execve.
void ResetSignals();

// Runs as PID 1 until `program` exits, then writes its wait status (an int) to
// `status_fd` and exits.
[[noreturn]] void RunInit(pid_t program, int status_fd);

}  // namespace cella::sandbox::pid_ns
