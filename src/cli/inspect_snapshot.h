// cli/inspect_snapshot.h: the snapshot printer behind `cella inspect SNAPSHOT`: format,
// module, how the cell was run, execution state (fuel, frames), memories, globals,
// tables, the WASI state's descriptors and the state root. Not thread-safe (streams).
#pragma once

#include <cstdint>
#include <ostream>
#include <span>
#include <string>

namespace cella::cli {

// Decodes `bytes` (untrusted) and prints them to `out`; a damaged snapshot prints
// "cella: <path>: <error>" to `err` and returns kExitBadSnapshot.
int InspectSnapshot(const std::string& path, std::span<const uint8_t> bytes, std::ostream& out, std::ostream& err);

}  // namespace cella::cli
