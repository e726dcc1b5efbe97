// wasi/deterministic.h: deterministic mode for a Wasm cell's WASI (docs/wasi.md,
// "Deterministic mode"): a virtual clock driven by fuel, a seeded ChaCha20 random
// stream, a file view with sorted listings and virtual inodes, devices and times, and
// stream rules that make reads and polls independent of timing. MakeDeterministic turns
// a cell's WasiOptions into a deterministic cell's and refuses grants that cannot be made
// deterministic unless explicitly allowed. Used by `cella run --deterministic`.
// Thread-safe (plain functions).
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "wasi/clock.h"
#include "wasi/fs_view.h"
#include "wasi/random.h"
#include "wasi/wasi_ctx.h"

namespace cella::wasi {

// 2000-01-01T00:00:00Z in nanoseconds since 1970: the default virtual epoch.
constexpr uint64_t kDefaultEpochNs = 946'684'800ull * 1'000'000'000ull;
// Virtual time per unit of fuel, and the resolution every virtual clock reports.
constexpr uint64_t kVirtualNsPerFuel = 1;
constexpr uint64_t kVirtualResolutionNs = 1;

struct DeterministicOptions {
  uint64_t epoch_ns = kDefaultEpochNs;  // realtime when the cell starts (--clock-epoch)
  std::array<uint8_t, 32> seed{};       // ChaCha20 key for random_get (--seed); all zero by default
  // Explicit grants of nondeterminism: the run is then no longer a function of its inputs.
  bool real_clock = false;     // --allow-real-clock: the host's clocks
  bool real_random = false;    // --allow-real-random: the host's entropy
  bool allow_sockets = false;  // --allow-sockets: listening sockets (--listen)
};

// Installs the deterministic hooks (unless real_clock / real_random keep the host's) and
// the deterministic stream rules in `options`. kUnsupported, naming the flag that would
// allow it, when `options` grants listening sockets without allow_sockets.
Status MakeDeterministic(const DeterministicOptions& det, WasiOptions& options);

// The virtual clock: realtime = epoch + elapsed, monotonic = elapsed, process and thread
// CPU time = fuel consumed, where elapsed = fuel consumed + time slept in poll_oneoff,
// all at kVirtualNsPerFuel; never sleeps.
std::unique_ptr<WasiClock> MakeVirtualClock(uint64_t epoch_ns, uint64_t slept_ns = 0);
// random_get returns the ChaCha20 keystream (64-bit nonce 0, key `seed`) from `position`.
std::unique_ptr<WasiRandom> MakeSeededRandom(const std::array<uint8_t, 32>& seed, uint64_t position = 0);
// Sorted listings, virtual dev/ino/nlink/directory sizes, times from `times` or `epoch_ns`.
std::unique_ptr<FsView> MakeVirtualFsView(uint64_t epoch_ns, std::vector<FileTimes> times = {});

// The virtual inode of `path` (normalised, below a preopen): FNV-1a 64 of its bytes, 1 if
// that is 0. The virtual device of a preopen is its index + 1.
uint64_t VirtualInode(std::string_view normalised_path);
// `path` below a preopen with "", "." and ".." components resolved lexically (".." at the
// top stays at the top): the key of virtual inodes and times.
std::string NormalisePath(std::string_view path);

// --seed: up to 32 bytes as hex (an even number of digits), zero-padded on the right.
Result<std::array<uint8_t, 32>> ParseSeed(std::string_view hex);
// --clock-epoch: "YYYY-MM-DDTHH:MM:SS[.fraction]Z" (UTC) or whole seconds since 1970.
Result<uint64_t> ParseClockEpoch(std::string_view text);

}  // namespace cella::wasi
