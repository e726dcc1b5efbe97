// os/entropy.cc: FillRandom over getrandom(2), looping over short reads and EINTR.
// Thread-safe.
#include "os/entropy.h"

#include <sys/random.h>

#include <cerrno>

namespace cella::os {

int FillRandom(std::span<uint8_t> out) {
  while (!out.empty()) {
    ssize_t n = ::getrandom(out.data(), out.size(), 0);
    if (n < 0) {
      if (errno == EINTR) continue;
      return errno;
    }
    out = out.subspan(static_cast<size_t>(n));
  }
  return 0;
}

}  // namespace cella::os
