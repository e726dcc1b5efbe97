// os/wakeup.h: Wakeup, an eventfd another thread signals to cut a blocking wait short
// (a timeout stopping a guest blocked in poll or read), and WaitForFds, the one blocking
// wait that honours it. Signal() is thread-safe; the rest is not.
#pragma once

#include <poll.h>

#include <cstdint>
#include <span>

#include "base/result.h"
#include "os/unique_fd.h"

namespace cella::os {

class Wakeup {
 public:
  static Result<Wakeup> Create();

  // Wakes every present and future WaitForFds on this Wakeup. Async-signal-safe.
  void Signal() const;
  bool signalled() const;
  int fd() const { return fd_.get(); }

 private:
  explicit Wakeup(UniqueFd fd) : fd_(std::move(fd)) {}
  UniqueFd fd_;
};

enum class WaitResult : uint8_t { kReady, kTimedOut, kWoken, kFailed };

// poll(2) on `fds` (their revents are filled in) until one is ready, `timeout_ns` passes
// (negative: no timeout) or `wakeup` (may be null) is signalled. Retries EINTR with the
// time left. kFailed leaves errno set.
WaitResult WaitForFds(std::span<pollfd> fds, int64_t timeout_ns, const Wakeup* wakeup);

}  // namespace cella::os
