// sandbox/reaper.h: a watchdog process that removes the cell's host-side resources
// (cgroups, work dirs) if Cella dies without doing it, e.g. on SIGKILL. Cella registers
// each resource before creating it; on a clean finish it says Done() and the reaper exits.
// Processes need no reaper: the cell's init dies with Cella (PR_SET_PDEATHSIG) and takes
// its PID namespace with it. Parent side; not thread-safe.
#pragma once

#include <string>
#include <utility>

#include "base/result.h"
#include "os/unique_fd.h"

namespace cella::sandbox {

class Reaper {
 public:
  Reaper() = default;
  Reaper(Reaper&& other) noexcept : pipe_(std::move(other.pipe_)), pid_(std::exchange(other.pid_, -1)) {}
  Reaper& operator=(Reaper&& other) noexcept {
    pipe_ = std::move(other.pipe_);
    pid_ = std::exchange(other.pid_, -1);
    return *this;
  }
  Reaper(const Reaper&) = delete;
  Reaper& operator=(const Reaper&) = delete;
  ~Reaper();

  // Forks the watchdog (its own session; ignores terminal signals; stdio on /dev/null).
  static Result<Reaper> Start();

  void RegisterCgroup(const std::string& dir) { Send("c " + dir); }
  void RegisterDir(const std::string& dir) { Send("d " + dir); }
  // Everything was removed by Cella: the watchdog exits without touching anything.
  void Done();

  bool running() const { return pipe_.valid(); }

 private:
  void Send(const std::string& line);
  os::UniqueFd pipe_;
  pid_t pid_ = -1;
};

}  // namespace cella::sandbox
