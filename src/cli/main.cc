// cli/main.cc: the `cella` command: parses the command line and dispatches to a
// subcommand (one file each in src/cli/).
#include <cstdio>

#include "cli/commands.h"
#include "cli/exit_codes.h"

int main(int argc, char** argv) {
  CLI::App app{"Cella: run untrusted code with exactly the authority you grant.", "cella"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "cella 0.1.0");
  cella::cli::CommandContext context;
  context.argv.assign(argv, argv + argc);
  cella::cli::RegisterInspectCommand(app, context);
  cella::cli::RegisterWastCommand(app, context);
  cella::cli::RegisterExecCommand(app, context);
  cella::cli::RegisterRunCommand(app, context);
  cella::cli::RegisterResumeCommand(app, context);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? 0 : cella::cli::kExitUsage;
  }
  return context.exit_code;
}
