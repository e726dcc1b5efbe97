// snapshot/snapshot_file.h: the snapshot file (docs/snapshot-format.md): a header with a
// magic, version and SHA-256 of the payload, then a zstd-compressed sequence of
// sections (module, policy, engine state, WASI state, state root). Written atomically;
// read as untrusted bytes — a truncated, corrupted, future-version or inconsistent file
// is refused with an error saying which. Thread-safe (no shared state).
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "base/result.h"
#include "snapshot/engine_state.h"
#include "snapshot/sha256.h"

namespace cella::snapshot {

constexpr uint32_t kSnapshotVersion = 1;
constexpr char kSnapshotMagic[8] = {'C', 'E', 'L', 'L', 'A', 'S', 'N', 'P'};

struct SnapshotFile {
  std::vector<uint8_t> module;      // the module's bytes (the snapshot is self-contained)
  std::string policy;               // how the cell was run, as the writer records it
  EngineState engine;
  uint64_t fuel_consumed = 0;       // by the run so far
  std::vector<uint8_t> wasi_state;  // canonical WASI encoding (docs/wasi.md)
  Hash state_root{};                // at the moment of the snapshot
};

// The whole file. `level` is the zstd compression level.
std::vector<uint8_t> EncodeSnapshot(const SnapshotFile& snapshot, int level = 1);
Result<SnapshotFile> DecodeSnapshot(std::span<const uint8_t> file);
// The sections of an already decompressed payload (for DecodeSnapshot, tests and fuzzing).
Result<SnapshotFile> DecodeSnapshotBody(std::span<const uint8_t> body);

// True when `bytes` start with the snapshot magic (for `cella inspect`).
bool LooksLikeSnapshot(std::span<const uint8_t> bytes);

Status WriteSnapshot(const std::string& path, const SnapshotFile& snapshot);
Result<SnapshotFile> ReadSnapshot(const std::string& path);

}  // namespace cella::snapshot
