// sandbox/net_ns.cc: child side of the network namespace. A fresh one has only a down
// loopback device: no route to the host or beyond. Bringing lo up lets the program talk
// to itself on 127.0.0.1.
#include <net/if.h>
#include <sys/ioctl.h>
#include <sys/socket.h>

#include <cstring>

#include "os/errno_error.h"
#include "os/unique_fd.h"
#include "sandbox/namespaces.h"

namespace cella::sandbox::net_ns {

Status BringUpLoopback() {
  os::UniqueFd fd(::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0));
  if (!fd) return os::ErrnoError("socket(AF_INET) for lo", errno, Errc::kSandboxSetup);
  ifreq request{};
  std::strncpy(request.ifr_name, "lo", IFNAMSIZ - 1);
  if (::ioctl(fd.get(), SIOCGIFFLAGS, &request) != 0) return os::ErrnoError("ioctl(lo, SIOCGIFFLAGS)", errno, Errc::kSandboxSetup);
  request.ifr_flags |= IFF_UP | IFF_RUNNING;
  if (::ioctl(fd.get(), SIOCSIFFLAGS, &request) != 0) return os::ErrnoError("ioctl(lo, SIOCSIFFLAGS)", errno, Errc::kSandboxSetup);
  return OkStatus();
}

}  // namespace cella::sandbox::net_ns
