// sandbox/child_error.h: carries a setup failure from the cell's side (init or the program
// before execve) to Cella over a close-on-exec pipe: EOF on the pipe means execve
// succeeded. Child-side writers are async-signal-safe enough for use after clone.
#pragma once

#include <string>

#include "base/result.h"

namespace cella::sandbox {

// Child side: writes `error` (with the errno that caused it) and exits with `exit_code`.
[[noreturn]] void FailChild(int error_fd, const Error& error, int err, int exit_code);

// Parent side: reads the pipe to EOF. OK means nothing was reported (execve succeeded or
// the writer died without a word). `err_out` receives the reported errno.
Status ReadChildError(int error_fd, int* err_out);

}  // namespace cella::sandbox
