// cli/cell_run.h: runs a Wasm cell as `cella run` and `cella resume` do — from a module,
// or from a snapshot — and returns the process exit code (cli/exit_codes.h), having
// printed what went wrong. Must be called once per process (it ignores SIGPIPE).
#pragma once

#include "cli/cell_options.h"
#include "snapshot/snapshot_file.h"

namespace cella::cli {

// Runs the cell of `o`; with `from`, continues the one suspended in that snapshot (the
// module, WASI state and engine state come from it; `o` gives the grants and limits).
int RunCell(const CellOptions& o, const snapshot::SnapshotFile* from);

}  // namespace cella::cli
