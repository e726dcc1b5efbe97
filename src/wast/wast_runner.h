// wast/wast_runner.h: runs wast2json output against the engine through the public
// embedding API: one Store (with the spectest module) per file, a line per failure.
// Called by `cella wast` (cli/wast_command.cc). Not thread-safe; one run per thread.
#pragma once

#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

#include "cella/engine.h"
#include "cella/result.h"
#include "wast/json_commands.h"
#include "wast/script.h"
#include "wast/verdict.h"

namespace cella::wast {

inline constexpr uint64_t kDefaultWastFuel = 10'000'000'000;

struct WastOptions {
  uint64_t fuel = kDefaultWastFuel;  // the tank is refilled to this before each
                                     // instantiation and each action
  bool verbose = false;              // also print skipped commands and spectest output
};

struct FileReport {
  std::string source;               // the .wast file ("source_filename")
  Tally tally;
  uint64_t unreadable_modules = 0;  // module files the JSON names that could not be read
};

// Runs a parsed script; module files are read from `base_dir` via `loader`. Prints one
// line per failure (and per skip when verbose) to `out`; print output goes to `out` too.
// Fails (running nothing) only when the spectest module cannot be created.
Result<FileReport> RunScript(const Engine& engine, const Script& script, const std::string& base_dir,
                             const WastOptions& options, const FileLoader& loader, std::ostream& out);

// Reads, parses and runs one wast2json .json file. Errors, when nothing ran: kIo if it
// cannot be read, kBadFormat if it is not wast2json output (both name the file), or the
// error of RunScript.
Result<FileReport> RunWastFile(const Engine& engine, const std::string& json_path,
                               const WastOptions& options, const FileLoader& loader,
                               std::ostream& out);

}  // namespace cella::wast
