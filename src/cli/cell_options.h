// cli/cell_options.h: everything that decides how a Wasm cell runs under `cella run` and
// `cella resume` (grants, limits, determinism, entry point), and its record in a
// snapshot's policy section (TOML, so `cella inspect` shows it and `cella resume` reuses
// it). Plain data; thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/result.h"

namespace cella::cli {

struct CellOptions {
  std::string module;                // the module's path (argv[0] of the guest)
  std::vector<std::string> args;     // after --
  std::vector<std::string> dirs;     // HOST[::GUEST][:ro|:rw]
  std::vector<std::string> env;      // KEY=VALUE, or KEY to pass the host's
  std::string stdin_file, stdout_file, stderr_file;
  bool no_stdio = false;
  std::vector<std::string> listen;
  std::optional<uint64_t> fuel;      // for the whole run, across suspends
  std::string max_memory, timeout, max_output;
  bool stats = false;
  bool no_metering = false;
  std::string invoke;
  bool deterministic = false;
  std::string seed, clock_epoch;
  bool allow_real_clock = false, allow_real_random = false, allow_sockets = false;
  // Suspend when the run's total fuel reaches this, writing a snapshot to snapshot_path.
  std::optional<uint64_t> suspend_after_fuel;
  std::string snapshot_path;
};

// The resumable part of `o` as TOML (a [cell] table): module, args, env as resolved,
// dirs, stdio files, listen, limits, invoke, deterministic. Environment entries given
// as KEY are recorded with their value.
std::string RecordCellOptions(const CellOptions& o, const std::vector<std::string>& resolved_env);

// Reads a record back (untrusted: a snapshot's policy section). kBadFormat naming the key
// for anything unknown or of the wrong type.
Result<CellOptions> ParseCellRecord(const std::string& text);

}  // namespace cella::cli
