// cli/exit_codes.h: the process exit codes of every `cella` subcommand (documented in
// docs/exit-codes.md; keep both in sync).
#pragma once

namespace cella::cli {

constexpr int kExitOk = 0;
constexpr int kExitFailed = 1;        // the command ran but its checks failed (wast failures)
constexpr int kExitUsage = 2;         // bad command line
constexpr int kExitBadModule = 65;    // malformed or invalid module (EX_DATAERR)
constexpr int kExitNoInput = 66;      // an input file cannot be read (EX_NOINPUT)
constexpr int kExitLink = 67;         // an import cannot be satisfied / instantiation failed
constexpr int kExitInternal = 70;     // Cella itself failed (EX_SOFTWARE)
constexpr int kExitIo = 74;           // an output file cannot be written (EX_IOERR)
constexpr int kExitCellaError = 125;  // `cella exec`: Cella could not set up the cell
constexpr int kExitCannotExecute = 126;  // `cella exec`: PROGRAM exists but cannot be executed
constexpr int kExitNotFound = 127;       // `cella exec`: PROGRAM was not found in the cell
// `cella exec` otherwise exits with the program's status, or 128 + N when signal N ended it.
// `cella run`: the guest's proc_exit code (0-255; larger ones exit 255), 128 + N when the
// guest raised WASI signal N with proc_raise, or one of these:
constexpr int kExitOutOfFuel = 121;    // `cella run`: the guest used all of --fuel
constexpr int kExitMemoryLimit = 122;  // `cella run`: the module needs more memory than --max-memory
constexpr int kExitOutputLimit = 123;  // `cella run`: the guest wrote more than --max-output
constexpr int kExitTimeout = 124;      // `cella run`: --timeout passed (as timeout(1))
constexpr int kExitSuspended = 120;   // `cella run`/`resume`: suspended into --snapshot as asked
constexpr int kExitBadSnapshot = 119; // `cella resume`: the snapshot is damaged or does not fit the grants
constexpr int kExitTrap = 134;         // `cella run`: the guest trapped (128 + SIGABRT, as an abort)

}  // namespace cella::cli
