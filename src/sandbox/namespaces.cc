// sandbox/namespaces.cc: the clone flags of a cell and the names reported for them.
// Thread-safe (pure functions).
#include "sandbox/namespaces.h"

#include <sched.h>

namespace cella::sandbox {

unsigned long CloneFlags(const NamespaceOptions& options) {
  unsigned long flags = CLONE_NEWUSER | CLONE_NEWNS | CLONE_NEWPID | CLONE_NEWUTS | CLONE_NEWCGROUP |
                        ipc_ns::CloneFlag();
  if (!options.share_network) flags |= CLONE_NEWNET;
  return flags;
}

std::vector<std::string> NamespaceNames(const NamespaceOptions& options) {
  std::vector<std::string> names = {"user", "mount", "pid", "uts", "ipc", "cgroup"};
  if (!options.share_network) names.push_back("net");
  return names;
}

}  // namespace cella::sandbox
