// tests/wasi/cli_runner.h: runs the built `cella run` as a child process with its stdio
// captured, for the end-to-end tests (cli_test.cc, determinism_test.cc). Test-only;
// thread-compatible.
#pragma once

#include <string>
#include <vector>

namespace cella::wasi::testing {

struct CliRun {
  int code = -1;
  std::string out, err;
  double seconds = 0;
};

enum class Stdin { kEmpty, kOpenPipe };

// Runs `cella run ARGS`, feeding `input` (or a pipe nobody writes to), killing it after
// `limit_s`; `env` entries are added to cella's environment.
CliRun Cella(const std::vector<std::string>& args, const std::string& input = "", Stdin mode = Stdin::kEmpty,
             int limit_s = 60, const std::vector<std::string>& env = {});

}  // namespace cella::wasi::testing
