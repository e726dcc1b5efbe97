// cli/resume_command.cc: `cella resume SNAPSHOT [opts]` continues a cell suspended by
// `cella run … --suspend-after-fuel N --snapshot FILE`, in this process, on this or any
// other machine. Grants and limits default to those the snapshot records and can be given
// again (directories may live elsewhere; the guest names and modes must match). Fuel
// limits count the whole run, across suspends.
#include <memory>
#include <string>

#include "cli/cell_run.h"
#include "cli/commands.h"
#include "cli/exit_codes.h"

namespace cella::cli {
namespace {

struct ResumeArgs {
  std::string snapshot;
  CellOptions given;                // what was given on the command line
  bool dirs_given = false, stdin_given = false, stdout_given = false, stderr_given = false;
  bool listen_given = false;
};

int Resume(const ResumeArgs& a) {
  Result<snapshot::SnapshotFile> file = snapshot::ReadSnapshot(a.snapshot);
  if (!file.ok()) {
    int code = file.error().code == Errc::kBadFormat ? kExitBadSnapshot : kExitNoInput;
    std::fprintf(stderr, "cella resume: %s\n", file.error().message.c_str());
    return code;
  }
  // Memories are restored by mapping their pages copy-on-write from a memory file: pages
  // are read in as the guest touches them. Where that is not possible (no memfd), the
  // images keep their bytes and the restore copies them.
  (void)snapshot::PrepareCopyOnWrite(file->engine);
  Result<CellOptions> recorded = ParseCellRecord(file->policy);
  if (!recorded.ok()) {
    std::fprintf(stderr, "cella resume: %s: %s\n", a.snapshot.c_str(), recorded.error().message.c_str());
    return kExitBadSnapshot;
  }
  CellOptions o = std::move(*recorded);
  const CellOptions& g = a.given;
  if (a.dirs_given) o.dirs = g.dirs;
  if (a.stdin_given) o.stdin_file = g.stdin_file;
  if (a.stdout_given) o.stdout_file = g.stdout_file;
  if (a.stderr_given) o.stderr_file = g.stderr_file;
  if (g.no_stdio) o.no_stdio = true;
  if (a.listen_given) o.listen = g.listen;
  if (g.fuel) o.fuel = g.fuel;
  if (!g.max_memory.empty()) o.max_memory = g.max_memory;
  if (!g.max_output.empty()) o.max_output = g.max_output;
  o.timeout = g.timeout;
  o.stats = g.stats;
  o.suspend_after_fuel = g.suspend_after_fuel;
  o.snapshot_path = g.snapshot_path;
  return RunCell(o, &*file);
}

}  // namespace

void RegisterResumeCommand(CLI::App& app, CommandContext& context) {
  auto a = std::make_shared<ResumeArgs>();
  CellOptions& g = a->given;
  CLI::App* resume = app.add_subcommand(
      "resume", "Continue a cell suspended into a snapshot (cella run --suspend-after-fuel N --snapshot FILE)");
  resume->add_option("snapshot", a->snapshot, "SNAPSHOT file")->required();
  auto* dir = resume->add_option("--dir", g.dirs,
                                 "Grant HOST[::GUEST][:ro|:rw] again (default: as recorded; the guest names and "
                                 "modes must be the snapshot's)")
                  ->allow_extra_args(false);
  auto* in = resume->add_option("--stdin", g.stdin_file,
                                "stdin from FILE (default: as recorded); its first bytes must be those the guest "
                                "already read");
  auto* out = resume->add_option("--stdout", g.stdout_file, "Append stdout to FILE (default: as recorded)");
  auto* err = resume->add_option("--stderr", g.stderr_file, "Append stderr to FILE (default: as recorded)");
  resume->add_flag("--no-stdio", g.no_stdio, "Grant no stdio except what --stdin/--stdout/--stderr give");
  auto* listen = resume->add_option("--listen", g.listen, "Grant the listening sockets again")->allow_extra_args(false);
  resume->add_option("--fuel", g.fuel, "Fuel limit for the whole run, counted from its start (default: as recorded)");
  resume->add_option("--max-memory", g.max_memory, "Largest linear memory (default: as recorded)");
  resume->add_option("--max-output", g.max_output, "Output limit for the whole run (default: as recorded)");
  resume->add_option("--timeout", g.timeout, "Wall-clock limit for this process, e.g. 5s");
  resume->add_flag("--stats", g.stats, "Print fuel used (whole run), peak memory, wall time and the state root");
  resume->add_option("--suspend-after-fuel", g.suspend_after_fuel,
                     "Suspend again when the whole run has used N units of fuel")
      ->needs(resume->add_option("--snapshot", g.snapshot_path, "FILE to write the suspended cell to"));
  resume->footer("Exit status: as cella run (docs/exit-codes.md); " + std::to_string(kExitBadSnapshot) +
                 " when the snapshot is damaged or does not fit the grants.\n");
  resume->callback([a, dir, in, out, err, listen, &context] {
    a->dirs_given = dir->count() > 0;
    a->stdin_given = in->count() > 0;
    a->stdout_given = out->count() > 0;
    a->stderr_given = err->count() > 0;
    a->listen_given = listen->count() > 0;
    context.exit_code = Resume(*a);
  });
}

}  // namespace cella::cli
