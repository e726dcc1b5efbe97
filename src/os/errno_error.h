// os/errno_error.h: turns a failed system call into a cella::Error that names the call,
// its argument and errno ("mount(/proc): Operation not permitted (EPERM)"). Thread-safe.
#pragma once

#include <cerrno>
#include <string>
#include <string_view>

#include "base/result.h"

namespace cella::os {

// "EPERM" for EPERM; "errno 123" for a value without a known name.
std::string ErrnoName(int err);

// `what` names the call and its argument, e.g. "mkdir(/sys/fs/cgroup/pids/cella-1)".
Error ErrnoError(std::string_view what, int err = errno, Errc code = Errc::kSystem);

}  // namespace cella::os
