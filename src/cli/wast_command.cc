// cli/wast_command.cc: `cella wast FILE.json…` runs spec tests converted by wast2json:
// a line per failure, a summary per file, and a total. Exit codes: cli/exit_codes.h
// (kExitFailed when an assertion failed, kExitNoInput, kExitBadModule for bad JSON).
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "cella/engine.h"
#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "wast/wast_runner.h"

namespace cella::cli {
namespace {

struct WastArgs {
  std::vector<std::string> files;
  uint64_t fuel = wast::kDefaultWastFuel;
  bool verbose = false;
  bool canonicalize_nans = false;
};

int RunWast(const WastArgs& args) {
  EngineConfig config;
  config.canonicalize_nans = args.canonicalize_nans;
  Engine engine(config);
  wast::WastOptions options;
  options.fuel = args.fuel;
  options.verbose = args.verbose;

  wast::Tally total;
  bool unreadable = false;
  bool malformed = false;
  bool internal = false;  // the runner itself could not be set up
  for (const std::string& file : args.files) {
    Result<wast::FileReport> report = wast::RunWastFile(engine, file, options, wast::ReadHostFile, std::cout);
    if (!report.ok()) {
      std::cout.flush();
      std::cerr << "cella wast: " << report.error().message << '\n';
      if (report.error().code == Errc::kIo) {
        unreadable = true;
      } else if (report.error().code == Errc::kBadFormat) {
        malformed = true;
      } else {
        internal = true;
      }
      continue;
    }
    if (report->unreadable_modules > 0) unreadable = true;
    std::cout << wast::FormatFileSummary(report->source, report->tally) << '\n';
    total += report->tally;
  }
  std::cout << wast::FormatTally(total) << std::endl;

  if (internal) return kExitInternal;
  if (unreadable) return kExitNoInput;
  if (malformed) return kExitBadModule;
  if (total.failed > 0) return kExitFailed;
  return kExitOk;
}

}  // namespace

void RegisterWastCommand(CLI::App& app, CommandContext& context) {
  CLI::App* command = app.add_subcommand(
      "wast", "Run WebAssembly spec tests converted by wast2json (wast2json FILE.wast -o DIR/FILE.json)");
  auto args = std::make_shared<WastArgs>();
  command->add_option("files", args->files, "wast2json output files (.json; modules beside them)")
      ->required();
  command->add_option("--fuel", args->fuel, "fuel for each instantiation and each action")
      ->capture_default_str();
  command->add_flag("--canonicalize-nans", args->canonicalize_nans,
                    "make every NaN produced by float arithmetic the canonical NaN (deterministic mode)");
  command->add_flag("-v,--verbose", args->verbose, "also print skipped commands and spectest print output");
  command->footer("Exit status: " + std::to_string(kExitOk) + " when every command passed, " +
                  std::to_string(kExitFailed) + " when one failed, " + std::to_string(kExitBadModule) +
                  " when a file is not wast2json output, " + std::to_string(kExitNoInput) +
                  " when a file cannot be read.\n");
  command->callback([args, &context] { context.exit_code = RunWast(*args); });
}

}  // namespace cella::cli
