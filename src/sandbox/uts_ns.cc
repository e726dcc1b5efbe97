// sandbox/uts_ns.cc: child side of the UTS namespace: the cell gets its own host name, so
// it neither learns nor changes the host's.
#include <unistd.h>

#include "os/errno_error.h"
#include "sandbox/namespaces.h"

namespace cella::sandbox::uts_ns {

Status SetNames(const std::string& hostname) {
  if (::sethostname(hostname.data(), hostname.size()) != 0) {
    return os::ErrnoError("sethostname(" + hostname + ")", errno, Errc::kSandboxSetup);
  }
  if (::setdomainname("cella", 5) != 0) return os::ErrnoError("setdomainname(cella)", errno, Errc::kSandboxSetup);
  return OkStatus();
}

}  // namespace cella::sandbox::uts_ns
