// sandbox/report.h: renders a cell's Report as JSON (--report FILE) and as the one-line
// summary printed with --stats. Thread-safe (pure functions).
#pragma once

#include <string>

#include "sandbox/cell.h"

namespace cella::sandbox {

// A JSON object; keys are documented in docs/native-cells.md ("The report").
std::string ReportToJson(const Report& report);

// "cella: exited 0 | wall 3.1 ms | cpu 1.2 ms user + 0.8 ms sys | peak 1.4 MiB".
std::string ReportStatsLine(const Report& report);

}  // namespace cella::sandbox
