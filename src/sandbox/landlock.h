// sandbox/landlock.h: Landlock, a second file-system fence independent of the mount
// namespace: read and execute everywhere, write only beneath the granted dirs; no TCP
// bind/connect without a network grant (ABI 4+); no abstract Unix sockets or signals
// outside the cell (ABI 6+). Child side; skipped when the kernel has no Landlock.
#pragma once

#include <string>
#include <vector>

#include "base/result.h"

namespace cella::sandbox::landlock {

// The kernel's Landlock ABI version; 0 when Landlock is unavailable or disabled.
int Abi();

struct Plan {
  std::vector<std::string> writable;  // guest paths (must exist)
  bool deny_tcp = true;
};

// Restricts the calling process (no_new_privs must be set). Returns the ABI enforced.
Result<int> Apply(const Plan& plan);

}  // namespace cella::sandbox::landlock
