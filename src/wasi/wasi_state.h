// wasi/wasi_state.h: WasiState, the whole WASI side of a cell in wasm-level terms (args,
// env, the preopens' identities, every open descriptor as preopen + relative path +
// offset or as which stdio stream / listening socket, the clock, the random stream's
// position, virtual file times, stdin consumed, output written, how the guest stopped),
// and its one canonical byte encoding (docs/wasi.md, "State"): the bytes a state root
// hashes and a snapshot stores. WasiCtx::Capture and WasiCtx::Restore (wasi_ctx.h) move
// a live cell to and from it. Plain values; thread-safe.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "base/reader.h"
#include "base/result.h"
#include "wasi/abi.h"
#include "wasi/fd_table.h"

namespace cella::wasi {

// The version AppendCanonical writes and DecodeWasiState accepts.
constexpr uint32_t kWasiStateVersion = 1;

// A granted directory as the guest knows it. Restore checks the new grants against it;
// the host path is not state (it is granted again, possibly elsewhere).
struct PreopenState {
  std::string guest_path;
  bool writable = false;
  bool operator==(const PreopenState&) const = default;
};

// One open descriptor.
struct DescriptorState {
  uint32_t fd = 0;
  FdKind kind = FdKind::kFile;
  FileType filetype = FileType::kUnknown;
  int32_t preopen = -1;        // kFile, kDirectory: index into WasiState::preopens
  std::string path;            // below the preopen ("" = the preopen itself)
  bool is_preopen = false;     // a granted directory's own descriptor (fd_prestat_get)
  StdioRole stdio = StdioRole::kNone;  // kStream: which stream
  int32_t listener = -1;       // kListener: index among the granted listening sockets
  Rights base = 0, inheriting = 0;
  FdFlags flags = 0;
  uint64_t offset = 0;         // regular files: the position reads and writes use
  uint64_t stream_bytes = 0;   // stdio, fifos, devices: bytes read (stdin) or written
  // fd_readdir's listing as read at cookie 0, when the guest has one going.
  std::optional<std::vector<DirListingEntry>> listing;
  bool operator==(const DescriptorState&) const = default;
};

// The clock hook: the host's, or the virtual clock of deterministic mode.
struct ClockState {
  enum class Kind : uint8_t { kHost = 0, kVirtual = 1 };
  Kind kind = Kind::kHost;
  uint64_t epoch_ns = 0;  // kVirtual: realtime at virtual time 0, ns since 1970
  uint64_t slept_ns = 0;  // kVirtual: virtual time poll_oneoff has waited in total
  bool operator==(const ClockState&) const = default;
};

// The random_get hook: the host's entropy, or a ChaCha20 keystream.
struct RandomState {
  enum class Kind : uint8_t { kHost = 0, kChaCha20 = 1 };
  Kind kind = Kind::kHost;
  std::array<uint8_t, 32> seed{};  // kChaCha20: the key
  uint64_t position = 0;           // kChaCha20: keystream bytes already returned
  bool operator==(const RandomState&) const = default;
};

// Times the guest gave a file (by creating, writing or retiming it) in deterministic mode.
struct FileTimes {
  int32_t preopen = 0;
  std::string path;  // normalised: no "", "." or ".." components
  uint64_t atim = 0, mtim = 0, ctim = 0;
  bool operator==(const FileTimes&) const = default;
};

// The file-metadata hook: the host's, or deterministic mode's virtual view.
struct FsViewState {
  enum class Kind : uint8_t { kHost = 0, kVirtual = 1 };
  Kind kind = Kind::kHost;
  uint64_t epoch_ns = 0;         // kVirtual: the time of every file the guest never changed
  std::vector<FileTimes> times;  // kVirtual: sorted by (preopen, path bytes), unique
  bool operator==(const FsViewState&) const = default;
};

struct WasiState {
  std::vector<std::string> args;
  std::vector<std::string> env;
  std::vector<PreopenState> preopens;  // in grant order
  uint32_t listeners = 0;              // listening sockets granted
  bool deterministic = false;          // deterministic stream rules (docs/wasi.md)
  std::vector<DescriptorState> descriptors;  // ascending fd
  ClockState clock;
  RandomState random;
  FsViewState fs_view;
  uint64_t stdin_consumed = 0;               // bytes the guest has read from stdin
  std::array<uint8_t, 32> stdin_digest{};    // SHA-256 of exactly those bytes
  uint64_t output_written = 0;               // to stdout and stderr, for --max-output
  bool output_limit_reached = false;
  std::optional<uint32_t> exit_code;         // proc_exit was called with it
  std::optional<uint32_t> raised_signal;     // proc_raise ended the guest with it
  bool operator==(const WasiState&) const = default;
};

// Appends the canonical encoding of `state` (docs/wasi.md, "State"): versioned,
// self-delimiting, one byte string per state. `state` must be valid as DecodeWasiState
// checks it (descriptors in ascending order, times sorted); the encoding of a captured
// state always is.
void AppendCanonical(const WasiState& state, std::vector<uint8_t>* out);
std::vector<uint8_t> EncodeWasiState(const WasiState& state);

// Reads one encoding from `reader` (untrusted bytes) and leaves it after it. Anything
// malformed or not canonical is kBadFormat naming the byte offset and the field.
Result<WasiState> ReadWasiState(base::Reader& reader);
// The whole of `bytes` must be one encoding.
Result<WasiState> DecodeWasiState(std::span<const uint8_t> bytes);

}  // namespace cella::wasi
