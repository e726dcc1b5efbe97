// cli/inspect_snapshot.cc: prints a snapshot for `cella inspect`.
#include "cli/inspect_snapshot.h"

#include <iomanip>

#include "cli/exit_codes.h"
#include "snapshot/snapshot_file.h"
#include "wasi/wasi_state.h"
#include "wasm/decoder.h"

namespace cella::cli {
namespace {

std::string Values(const std::vector<Value>& values) {
  std::string out;
  for (const Value& v : values) {
    if (!out.empty()) out += ", ";
    // References hold their snapshot encoding (1 + function index, 0 null).
    out += IsRefType(v.type()) ? std::string(ValTypeName(v.type())) + ":" + std::to_string(v.raw_bits()) : v.ToString();
  }
  return "[" + out + "]";
}

void PrintWasi(const std::vector<uint8_t>& bytes, std::ostream& out) {
  if (bytes.empty()) {
    out << "WASI: none\n";
    return;
  }
  auto state = wasi::DecodeWasiState(bytes);
  if (!state.ok()) {
    out << "WASI: undecodable (" << state.error().message << ")\n";
    return;
  }
  out << "WASI:\n  args:";
  for (const std::string& a : state->args) out << " \"" << a << '"';
  out << "\n  env: " << state->env.size() << " variable(s)\n  deterministic: " << (state->deterministic ? "yes" : "no")
      << "\n  preopens:";
  for (const auto& p : state->preopens) out << " " << p.guest_path << (p.writable ? ":rw" : ":ro");
  out << "\n  descriptors (" << state->descriptors.size() << "):\n";
  for (const auto& d : state->descriptors) {
    out << "    fd " << std::setw(3) << d.fd << "  ";
    if (d.preopen >= 0) {
      const std::string& root = state->preopens[static_cast<size_t>(d.preopen)].guest_path;
      out << root << (d.path.empty() ? "" : "/" + d.path) << "  offset " << d.offset;
    } else if (d.listener >= 0) {
      out << "listening socket " << d.listener;
    } else {
      out << "stdio stream, " << d.stream_bytes << " bytes";
    }
    out << '\n';
  }
  out << "  stdin consumed: " << state->stdin_consumed << " bytes; output written: " << state->output_written
      << " bytes\n";
  if (state->random.kind == wasi::RandomState::Kind::kChaCha20) {
    out << "  random: seeded stream at byte " << state->random.position << '\n';
  }
  if (state->clock.kind == wasi::ClockState::Kind::kVirtual) {
    out << "  clock: virtual, epoch " << state->clock.epoch_ns << " ns, slept " << state->clock.slept_ns << " ns\n";
  }
}

}  // namespace

int InspectSnapshot(const std::string& path, std::span<const uint8_t> bytes, std::ostream& out, std::ostream& err) {
  auto decoded = snapshot::DecodeSnapshot(bytes);
  if (!decoded.ok()) {
    err << "cella: " << path << ": " << decoded.error().message << '\n';
    return kExitBadSnapshot;
  }
  const snapshot::SnapshotFile& s = *decoded;
  out << "file:    " << path << "\nformat:  Cella snapshot, version " << snapshot::kSnapshotVersion << ", "
      << bytes.size() << " bytes\n";
  out << "module:  " << s.module.size() << " bytes, sha256 " << snapshot::HashHex(snapshot::Sha256Of(s.module)) << '\n';
  out << "state root: " << snapshot::HashHex(s.state_root) << "\n\n";
  out << "how it was run:\n";
  std::string policy = s.policy.empty() ? "(not recorded)\n" : s.policy;
  for (size_t start = 0; start < policy.size();) {
    size_t end = policy.find('\n', start);
    if (end == std::string::npos) end = policy.size();
    if (end > start) out << "  " << policy.substr(start, end - start) << '\n';
    start = end + 1;
  }
  out << "\nexecution: " << (s.engine.paused ? "paused" : "not running") << ", fuel used " << s.fuel_consumed << '\n';
  auto module = wasm::Decode(s.module);  // for function names; the frames print without them
  for (size_t i = 0; i < s.engine.frames.size(); ++i) {
    const FrameInfo& f = s.engine.frames[i];
    std::string name;
    if (module.ok() && f.func_index < (*module)->num_funcs()) name = std::string((*module)->FunctionName(f.func_index));
    out << "  #" << i << " func " << f.func_index << (name.empty() ? "" : " <" + name + ">") << " at body offset 0x"
        << std::hex << f.body_offset << std::dec
        << "\n      locals " << Values(f.locals) << "\n      stack  " << Values(f.stack) << '\n';
  }
  out << "\nmemories (" << s.engine.memories.size() << "):\n";
  for (size_t i = 0; i < s.engine.memories.size(); ++i) {
    const auto& m = s.engine.memories[i];
    out << "  " << i << "  " << m.pages << " pages, " << m.nonzero_pages.size() << " non-zero\n";
  }
  out << "globals (" << s.engine.globals.size() << "): " << Values(s.engine.globals) << '\n';
  out << "tables (" << s.engine.tables.size() << "):";
  for (const auto& t : s.engine.tables) out << " " << ValTypeName(t.elem_type) << "[" << t.elements.size() << "]";
  out << "\n\n";
  PrintWasi(s.wasi_state, out);
  return kExitOk;
}

}  // namespace cella::cli
