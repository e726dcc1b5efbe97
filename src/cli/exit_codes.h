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

}  // namespace cella::cli
