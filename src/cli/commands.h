// cli/commands.h: each subcommand lives in its own file and registers itself here. A
// command's callback runs it and stores the process exit code in CommandContext.
#pragma once

#include <CLI/CLI.hpp>

#include <string>
#include <vector>

namespace cella::cli {

struct CommandContext {
  int exit_code = 0;
  // The command line as given: CLI11 rewrites a vector argument written "[a,b]" into
  // "a", "b", so a command passing arguments through verbatim reads them from here.
  std::vector<std::string> argv;
};

void RegisterInspectCommand(CLI::App& app, CommandContext& context);
void RegisterWastCommand(CLI::App& app, CommandContext& context);
void RegisterExecCommand(CLI::App& app, CommandContext& context);
void RegisterRunCommand(CLI::App& app, CommandContext& context);
void RegisterResumeCommand(CLI::App& app, CommandContext& context);

}  // namespace cella::cli
