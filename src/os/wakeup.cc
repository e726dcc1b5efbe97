// os/wakeup.cc: Wakeup over eventfd(2) and WaitForFds over ppoll(2). Signal() is
// thread-safe and async-signal-safe; the counter is never reset, so a signal stays seen.
#include "os/wakeup.h"

#include <sys/eventfd.h>
#include <time.h>

#include <cerrno>
#include <vector>

#include "os/clock.h"
#include "os/errno_error.h"

namespace cella::os {

Result<Wakeup> Wakeup::Create() {
  int fd = ::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
  if (fd < 0) return ErrnoError("eventfd");
  return Wakeup(UniqueFd(fd));
}

void Wakeup::Signal() const {
  uint64_t one = 1;
  ssize_t ignored = ::write(fd_.get(), &one, sizeof one);
  (void)ignored;
}

bool Wakeup::signalled() const {
  pollfd p{fd_.get(), POLLIN, 0};
  return ::poll(&p, 1, 0) == 1 && (p.revents & POLLIN) != 0;
}

WaitResult WaitForFds(std::span<pollfd> fds, int64_t timeout_ns, const Wakeup* wakeup) {
  std::vector<pollfd> all(fds.begin(), fds.end());
  if (wakeup != nullptr) all.push_back(pollfd{wakeup->fd(), POLLIN, 0});
  int64_t deadline = timeout_ns < 0 ? -1 : MonotonicNanos() + timeout_ns;
  for (;;) {
    timespec ts{};
    timespec* tsp = nullptr;
    if (deadline >= 0) {
      int64_t left = deadline - MonotonicNanos();
      if (left < 0) left = 0;
      ts.tv_sec = static_cast<time_t>(left / 1'000'000'000);
      ts.tv_nsec = static_cast<long>(left % 1'000'000'000);
      tsp = &ts;
    }
    int n = ::ppoll(all.data(), all.size(), tsp, nullptr);
    if (n < 0) {
      if (errno == EINTR) continue;
      return WaitResult::kFailed;
    }
    if (wakeup != nullptr && (all.back().revents & POLLIN) != 0) return WaitResult::kWoken;
    for (size_t i = 0; i < fds.size(); ++i) fds[i].revents = all[i].revents;
    return n == 0 ? WaitResult::kTimedOut : WaitResult::kReady;
  }
}

}  // namespace cella::os
