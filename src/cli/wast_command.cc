// placeholder
#include "cli/commands.h"
namespace cella::cli {
void RegisterWastCommand(CLI::App&, CommandContext&) {}
}
