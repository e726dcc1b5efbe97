// placeholder
#include "cli/commands.h"
namespace cella::cli {
void RegisterInspectCommand(CLI::App&, CommandContext&) {}
}
