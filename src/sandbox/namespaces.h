// sandbox/namespaces.h: which namespaces a cell gets (clone flags) and, per namespace, the
// setup each side performs. One .cc per namespace: user_ns, mount_ns, pid_ns, net_ns,
// ipc_ns, uts_ns. Parent-side functions run in Cella; child-side ones in the cell's init.
#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

#include "base/result.h"

namespace cella::sandbox {

struct NamespaceOptions {
  bool share_network = false;  // --net host
};

// CLONE_NEW* flags for the cell's init.
unsigned long CloneFlags(const NamespaceOptions& options);
// Names for the report ("user", "mount", ...).
std::vector<std::string> NamespaceNames(const NamespaceOptions& options);

namespace user_ns {
// Parent side: maps the caller's uid/gid into the new user namespace of `pid` (identity for
// all ids when the caller is root, only its own ids otherwise) and denies setgroups.
Status WriteIdMaps(pid_t pid, uid_t uid, gid_t gid);
}  // namespace user_ns

namespace uts_ns {
// Child side: sets the cell's host and domain names.
Status SetNames(const std::string& hostname);
}  // namespace uts_ns

namespace net_ns {
// Child side: brings up the loopback interface of the cell's own network namespace.
Status BringUpLoopback();
}  // namespace net_ns

namespace ipc_ns {
// The IPC namespace needs no setup: a fresh one has no System V objects or POSIX message
// queues, so the cell cannot reach the host's. Returns its clone flag.
unsigned long CloneFlag();
}  // namespace ipc_ns

}  // namespace cella::sandbox
