// cli/main.cc: the `cella` command: parses the command line and dispatches to a
// subcommand (one file each in src/cli/). When the first argument names a subcommand,
// only that one is registered: building every subcommand's options is a measurable part
// of a short run's start-up.
#include <cstdio>
#include <string_view>

#include "cli/commands.h"
#include "cli/exit_codes.h"

namespace {

struct Command {
  std::string_view name;
  void (*add)(CLI::App&, cella::cli::CommandContext&);
};

constexpr Command kCommands[] = {
    {"inspect", cella::cli::RegisterInspectCommand}, {"wast", cella::cli::RegisterWastCommand},
    {"exec", cella::cli::RegisterExecCommand},       {"run", cella::cli::RegisterRunCommand},
    {"resume", cella::cli::RegisterResumeCommand},
};

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Cella: run untrusted code with exactly the authority you grant.", "cella"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "cella 0.1.0");
  cella::cli::CommandContext context;
  context.argv.assign(argv, argv + argc);
  const Command* only = nullptr;
  for (const Command& c : kCommands) {
    if (argc > 1 && c.name == argv[1]) only = &c;
  }
  for (const Command& c : kCommands) {
    if (only == nullptr || only == &c) c.add(app, context);
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? 0 : cella::cli::kExitUsage;
  }
  return context.exit_code;
}
