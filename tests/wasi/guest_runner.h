// tests/wasi/guest_runner.h: runs a wasm32-wasi guest built for the tests in-process,
// through the public embedding API and the WASI library, with stdio captured. Test-only;
// RunGuest is thread-safe (each run has its own store).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "cella/cella.h"
#include "wasi/deterministic.h"
#include "wasi/wasi_ctx.h"

namespace cella::wasi::testing {

struct GuestSetup {
  std::vector<std::string> args;  // after argv[0]
  std::vector<std::string> env;
  std::vector<DirGrant> dirs;
  std::string stdin_data;
  bool no_stdin = false;
  std::vector<os::UniqueFd> listeners;
  bool force_path_fallback = false;
  std::optional<uint64_t> max_output;
  std::optional<DeterministicOptions> deterministic;  // MakeDeterministic with these
};

struct GuestResult {
  bool exited = false;   // proc_exit or a return from _start
  int exit_code = 0;
  bool trapped = false;  // any other trap
  std::string trap;      // its message with backtrace
  std::optional<uint32_t> signal;
  bool output_limit = false;
  std::string out, err;
  std::vector<DescriptorState> descriptors;  // at the end
  std::vector<uint8_t> state;                // the canonical WASI state at the end
};

// Path of a guest built from tests/wasi/guests/NAME.c.
std::string GuestPath(const std::string& name);

GuestResult RunGuest(const std::string& name, GuestSetup setup);

// The engine guests run on (canonical NaNs, so deterministic runs can use it too).
Engine& SharedEngine();
// The compiled guest NAME (cached).
const Module& CompiledGuest(const std::string& name);
// An anonymous file holding `content`, positioned at its start.
os::UniqueFd MemFile(const std::string& content);
// Everything in the file `fd`, from its start.
std::string Contents(int fd);

}  // namespace cella::wasi::testing
