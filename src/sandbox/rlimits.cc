// sandbox/rlimits.cc: setrlimit for each planned limit, plus RLIMIT_CORE = 0 so a crash
// cannot hand a core file to the host's core_pattern helper. Child side.
#include "sandbox/rlimits.h"

#include <sys/resource.h>

#include <string>

#include "os/errno_error.h"

namespace cella::sandbox::rlimits {
namespace {

Status Set(int resource, const char* name, uint64_t soft, uint64_t hard) {
  rlimit current{};
  if (::getrlimit(resource, &current) != 0) return os::ErrnoError(std::string("getrlimit(") + name + ")", errno, Errc::kSandboxSetup);
  // Never raise a limit above what Cella itself was given.
  rlimit wanted{static_cast<rlim_t>(soft), static_cast<rlim_t>(hard)};
  if (current.rlim_max != RLIM_INFINITY && wanted.rlim_max > current.rlim_max) wanted.rlim_max = current.rlim_max;
  if (wanted.rlim_cur > wanted.rlim_max) wanted.rlim_cur = wanted.rlim_max;
  if (::setrlimit(resource, &wanted) != 0) {
    return os::ErrnoError(std::string("setrlimit(") + name + ", " + std::to_string(soft) + ")", errno, Errc::kSandboxSetup);
  }
  return OkStatus();
}

}  // namespace

Status Apply(const Plan& plan) {
  CELLA_TRY(Set(RLIMIT_CORE, "RLIMIT_CORE", 0, 0));
  if (plan.cpu_seconds) CELLA_TRY(Set(RLIMIT_CPU, "RLIMIT_CPU", *plan.cpu_seconds, *plan.cpu_seconds + 1));
  if (plan.file_size) CELLA_TRY(Set(RLIMIT_FSIZE, "RLIMIT_FSIZE", *plan.file_size, *plan.file_size));
  if (plan.open_files) CELLA_TRY(Set(RLIMIT_NOFILE, "RLIMIT_NOFILE", *plan.open_files, *plan.open_files));
  if (plan.processes) CELLA_TRY(Set(RLIMIT_NPROC, "RLIMIT_NPROC", *plan.processes, *plan.processes));
  if (plan.address_space) CELLA_TRY(Set(RLIMIT_AS, "RLIMIT_AS", *plan.address_space, *plan.address_space));
  return OkStatus();
}

}  // namespace cella::sandbox::rlimits
