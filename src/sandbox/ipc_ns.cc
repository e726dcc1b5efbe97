// sandbox/ipc_ns.cc: the IPC namespace. A fresh one hides the host's System V semaphores,
// message queues and shared memory and POSIX message queues; nothing to set up.
#include <sched.h>

#include "sandbox/namespaces.h"

namespace cella::sandbox::ipc_ns {

unsigned long CloneFlag() { return CLONE_NEWIPC; }

}  // namespace cella::sandbox::ipc_ns
