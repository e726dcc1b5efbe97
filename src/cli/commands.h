// cli/commands.h: each subcommand lives in its own file and registers itself here. A
// command's callback runs it and stores the process exit code in CommandContext.
#pragma once

#include <CLI/CLI.hpp>

namespace cella::cli {

struct CommandContext {
  int exit_code = 0;
};

void RegisterInspectCommand(CLI::App& app, CommandContext& context);
void RegisterWastCommand(CLI::App& app, CommandContext& context);
void RegisterExecCommand(CLI::App& app, CommandContext& context);
void RegisterRunCommand(CLI::App& app, CommandContext& context);

}  // namespace cella::cli
