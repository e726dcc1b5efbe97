// policy/policy.h: the policy of a cell (limits, grants, determinism), shared by Wasm cells
// (`cella run`, images, the server) and native cells (`cella exec`). A Policy is plain
// data: built from a manifest (manifest.h) and/or command-line flags. Thread-compatible.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace cella::policy {

// How a host directory is granted. kMem is a private in-memory copy discarded at the end.
enum class DirMode : uint8_t { kRo, kRw, kCow, kMem };
const char* DirModeName(DirMode mode);

struct DirGrant {
  std::string host;   // host path (absolute); may be empty for kMem (starts empty)
  std::string guest;  // path seen by the cell; defaults to `host`
  DirMode mode = DirMode::kRo;
};

enum class Network : uint8_t { kNone, kHost };
enum class Stdio : uint8_t { kInherit, kNull };
enum class Clock : uint8_t { kReal, kVirtual };    // Wasm only
enum class Random : uint8_t { kReal, kSeeded };    // Wasm only

// Every limit is optional: unset means "no limit from the policy".
struct Limits {
  // Shared by both kinds of cell.
  std::optional<uint64_t> memory_bytes;    // Wasm: linear memory; native: cgroup memory
  std::optional<int64_t> wall_time_ns;     // wall-clock timeout
  // Wasm only.
  std::optional<uint64_t> fuel;
  std::optional<uint32_t> call_depth;
  std::optional<uint64_t> output_bytes;
  // Native only.
  std::optional<uint32_t> pids;            // processes of the program's tree
  std::optional<int64_t> cpu_time_ns;      // CPU time of the whole tree
  std::optional<double> cpus;              // CPU quota, e.g. 0.5
  std::optional<uint64_t> file_size_bytes; // largest file the program may write
  std::optional<uint32_t> open_files;      // descriptors per process
  std::optional<uint64_t> tmp_size_bytes;  // size of the cell's fresh /tmp
};

struct Grants {
  std::vector<std::string> args;                            // appended to the program's
  std::vector<std::pair<std::string, std::string>> env;     // in manifest order
  std::vector<DirGrant> dirs;
  Network network = Network::kNone;
  Stdio stdin_mode = Stdio::kInherit;
  Stdio stdout_mode = Stdio::kInherit;
  Stdio stderr_mode = Stdio::kInherit;
  // Wasm only.
  std::vector<std::string> sockets;  // preopened listening sockets, "tcp:HOST:PORT"
  Clock clock = Clock::kReal;
  Random random = Random::kReal;
  std::string seed_hex;
};

// Extra seccomp rules on top of the native default policy (syscall names).
struct SeccompRules {
  std::vector<std::string> deny;   // refused with EPERM
  std::vector<std::string> kill;   // kill the process
  std::vector<std::string> log;    // allowed but logged by the kernel
  std::vector<std::string> allow;  // removed from the default deny list
};

// Native-cell options that have no Wasm meaning.
struct Native {
  std::vector<std::string> hide;  // directories replaced by an empty read-only tmpfs
  std::string hostname;           // empty: "cella"
  std::string cow_keep;           // directory that receives the cow upper layers
  std::string cgroup_parent;      // v2 cgroup under which cell cgroups are made
  bool tty = false;               // expose /dev/tty
  bool seccomp_log = false;
  SeccompRules seccomp;
};

// A key that only one kind of cell understands, with where it was written.
struct KeyUse {
  std::string key;  // dotted, e.g. "limits.fuel"
  int line = 0;
};

struct Policy {
  std::string source;  // manifest path, or empty when built from flags only
  std::string module;  // Wasm module or image path (Wasm only)
  std::optional<bool> deterministic;  // Wasm only
  Limits limits;
  Grants grants;
  Native native;
  std::vector<KeyUse> wasm_only_keys;    // present in the manifest
  std::vector<KeyUse> native_only_keys;  // present in the manifest
};

}  // namespace cella::policy
