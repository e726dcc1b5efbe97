// cli/inspect_module.h: the module printer of `cella inspect`: a stable, readable summary
// of a decoded wasm module (sections, types, imports, functions, tables, memories,
// globals, exports, start, segments, custom sections). Stateless; thread-safe.
#pragma once

#include <cstdint>
#include <ostream>
#include <span>
#include <string>
#include <string_view>

#include "wasm/module.h"

namespace cella::cli {

// The summary `cella inspect` prints for `module`; `file_name` heads it.
std::string DescribeModule(const wasm::Module& module, std::string_view file_name);

// Decodes and validates the module `bytes` read from `path` and prints its summary to
// `out`. A malformed or invalid module prints "cella: <path>: <phase>: <error>" to
// `err` instead. Returns the process exit code (kExitOk or kExitBadModule).
int InspectModule(const std::string& path, std::span<const uint8_t> bytes, std::ostream& out, std::ostream& err);

}  // namespace cella::cli
