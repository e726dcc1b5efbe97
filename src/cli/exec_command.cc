// placeholder
#include "cli/commands.h"
namespace cella::cli {
void RegisterExecCommand(CLI::App&, CommandContext&) {}
}
