// cli/inspect_command.cc: `cella inspect FILE` recognises FILE by its magic bytes and
// prints what it holds: wasm modules (cli/inspect_module.h), snapshots
// (cli/inspect_snapshot.h). Exit codes: cli/exit_codes.h (kExitNoInput, kExitBadModule,
// kExitBadSnapshot).
#include <cstdio>
#include <iostream>
#include <memory>
#include <span>
#include <string>

#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "cli/inspect_module.h"
#include "cli/inspect_snapshot.h"
#include "snapshot/snapshot_file.h"
#include "os/file_io.h"

namespace cella::cli {
namespace {

enum class FileKind { kWasmModule, kSnapshot, kUnknown };

constexpr std::string_view kWasmMagic("\0asm", 4);

FileKind Recognise(std::string_view bytes) {
  if (bytes.substr(0, 4) == kWasmMagic) return FileKind::kWasmModule;
  if (snapshot::LooksLikeSnapshot(std::span(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size()))) {
    return FileKind::kSnapshot;
  }
  return FileKind::kUnknown;
}

int RunInspect(const std::string& path) {
  Result<std::string> bytes = os::ReadFile(path);
  if (!bytes.ok()) {
    std::cerr << "cella: " << path << ": cannot read: " << bytes.error().message << '\n';
    return kExitNoInput;
  }
  switch (Recognise(*bytes)) {
    case FileKind::kWasmModule:
      return InspectModule(path, std::span(reinterpret_cast<const uint8_t*>(bytes->data()), bytes->size()),
                           std::cout, std::cerr);
    case FileKind::kSnapshot:
      return InspectSnapshot(path, std::span(reinterpret_cast<const uint8_t*>(bytes->data()), bytes->size()),
                             std::cout, std::cerr);
    case FileKind::kUnknown:
      break;
  }
  std::string start;
  for (unsigned char c : std::string_view(*bytes).substr(0, 4)) {
    char hex[4];
    std::snprintf(hex, sizeof hex, "%02x", c);
    start += hex;
  }
  std::cerr << "cella: " << path << ": not a wasm module, snapshot or sealed image"
            << (start.empty() ? std::string(" (the file is empty)") : " (it starts with 0x" + start + ")") << '\n';
  return kExitBadModule;
}

}  // namespace

void RegisterInspectCommand(CLI::App& app, CommandContext& context) {
  auto* command = app.add_subcommand("inspect", "Describe a wasm module or a snapshot");
  auto path = std::make_shared<std::string>();
  command->add_option("FILE", *path, "MODULE.wasm or SNAPSHOT to describe")->required();
  command->callback([path, &context] { context.exit_code = RunInspect(*path); });
}

}  // namespace cella::cli
