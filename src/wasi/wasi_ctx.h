// wasi/wasi_ctx.h: WasiCtx, the state of one cell's WASI: arguments, environment, the
// descriptor table with its grants (stdio, preopened directories, listening sockets), the
// path resolver, the clock, random and file-system-view hooks, and how the guest stopped
// (exit, signal, output limit). Built from WasiOptions, the cell's grants; nothing else
// is reachable. Capture / Restore move it to and from a WasiState (wasi_state.h) for
// snapshots. Not thread-safe, except Cancel().
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "base/result.h"
#include "os/unique_fd.h"
#include "os/wakeup.h"
#include "wasi/clock.h"
#include "wasi/fd_table.h"
#include "wasi/fs_view.h"
#include "wasi/path.h"
#include "wasi/random.h"
#include "wasi/wasi_state.h"

namespace cella::wasi {

struct DirGrant {
  std::string host_path;
  std::string guest_path;  // what the guest sees (fd_prestat_dir_name)
  bool writable = false;   // false: :ro, nothing below it can change
};

struct WasiOptions {
  std::vector<std::string> args;  // argv, program name first
  std::vector<std::string> env;   // "KEY=VALUE"
  // Granted in order as fds 3, 4, ...; then the listening sockets.
  std::vector<DirGrant> dirs;
  // stdio as granted; an invalid fd leaves that number closed (EBADF).
  os::UniqueFd stdin_fd, stdout_fd, stderr_fd;
  std::vector<os::UniqueFd> listeners;
  // Bytes the guest may write to stdout and stderr together; beyond it the call stops.
  std::optional<uint64_t> max_output_bytes;
  uint32_t max_fds = 1024;
  // Resolve paths with the component walk even where openat2 exists (tests).
  bool force_path_fallback = false;
  // Print every call, its arguments and errno on stderr (debugging guests).
  bool trace = false;
  // Deterministic stream rules (docs/wasi.md, "Deterministic mode"): stdio is presented
  // as a pipe, stream reads fill the buffer or reach end of file, stream writes complete,
  // polls on streams are ready at once and NONBLOCK never yields EAGAIN. Set by
  // MakeDeterministic (deterministic.h) together with the hooks below.
  bool deterministic = false;
  // Fuel the cell consumed in earlier stores (a restored cell: the snapshot's total). The
  // virtual clock reads this plus the calling store's fuel_consumed().
  uint64_t fuel_consumed_before = 0;
  // Hooks; null means the host's (real clock, real entropy, metadata as is).
  std::unique_ptr<WasiClock> clock;
  std::unique_ptr<WasiRandom> random;
  std::unique_ptr<FsView> fs_view;
};

struct StdinDigest;

class WasiCtx {
 public:
  // Opens the granted directories (errors name the one that failed).
  static Result<std::unique_ptr<WasiCtx>> Create(WasiOptions options);

  // The whole WASI state in wasm terms (docs/wasi.md, "State"). kUnsupported when part of
  // it cannot be saved: a connection accepted from a listening socket, or a clock,
  // random or file-view hook other than the host's and deterministic mode's.
  Result<WasiState> Capture() const;

  // A WasiCtx in `state`: the same descriptor numbers, rights, flags, offsets, clock,
  // random position, file times and accounting, with host resources taken from `grants`
  // (directories, stdio, listening sockets and limits, granted again, and
  // fuel_consumed_before = the fuel the captured cell had consumed, for the virtual
  // clock; args and env, if given, must equal the state's; hooks must be unset: they
  // come from the state).
  // Checks that the grants match the state (same preopens by guest name and mode, the
  // listeners, stdio for every stdio descriptor: kInvalidArgument naming the difference),
  // reopens every file and directory below its preopen through PathResolver (kNotFound
  // naming the fd and path when one is gone or changed type), refuses rights beyond what
  // the grant gives (kBadFormat), and reads the consumed bytes off the new stdin,
  // checking them against the recorded digest (kInvalidArgument when stdin differs).
  static Result<std::unique_ptr<WasiCtx>> Restore(const WasiState& state, WasiOptions grants);

  ~WasiCtx();

  // Makes blocking calls (poll_oneoff, reads and writes on streams and sockets,
  // sock_accept) return EINTR now and from now on. Thread-safe; used by timeouts.
  void Cancel();
  bool cancelled() const { return cancelled_.load(std::memory_order_relaxed); }
  const os::Wakeup* wakeup() const { return &wakeup_; }

  const std::vector<std::string>& args() const { return args_; }
  const std::vector<std::string>& env() const { return env_; }
  FdTable& fds() { return fds_; }
  const FdTable& fds() const { return fds_; }
  const PathResolver& paths() const { return paths_; }
  WasiClock& clock() { return *clock_; }
  WasiRandom& random() { return *random_; }
  const FsView& fs_view() const { return *fs_view_; }
  bool trace() const { return trace_; }
  bool deterministic() const { return deterministic_; }
  // WasiOptions::fuel_consumed_before: added to the store's fuel for the clock.
  uint64_t fuel_consumed_before() const { return fuel_consumed_before_; }

  // Tells the file view of a change the guest made (with the clock's realtime).
  void NoteChange(const FileChange& change);
  // The guest wrote to or resized the file `entry` (no-op for stdio and sockets).
  void NoteWritten(const FdEntry& entry);
  // The guest read `bytes` from stdin (counted and digested for snapshots).
  void NoteStdinRead(std::span<const uint8_t> bytes);
  uint64_t stdin_consumed() const { return stdin_consumed_; }

  // Output accounting for --max-output: how many of `wanted` bytes may still be written
  // (0 once the limit is reached, which also marks it reached).
  uint64_t OutputAllowance(uint64_t wanted);
  void CountOutput(uint64_t written) { output_written_ += written; }
  bool output_limit_reached() const { return output_limit_reached_; }
  std::optional<uint64_t> max_output_bytes() const { return max_output_; }
  uint64_t output_written() const { return output_written_; }

  // proc_exit: its code.
  std::optional<uint32_t> exit_code() const { return exit_code_; }
  void set_exit_code(uint32_t code) { exit_code_ = code; }

  // proc_raise with a terminating signal: its WASI number.
  std::optional<uint32_t> raised_signal() const { return raised_signal_; }
  void set_raised_signal(uint32_t signal) { raised_signal_ = signal; }

  // Every open descriptor in wasm terms, by number.
  std::vector<DescriptorState> Descriptors() const;

  // Checks that `entry` may be changed: EROFS under a read-only grant. The rights of such
  // entries already exclude every mutating call; this is the second lock.
  Errno RequireWritable(const FdEntry& entry) const;

 private:
  WasiCtx(os::Wakeup wakeup, WasiOptions& options);
  Status Grant(WasiOptions& options);
  Status RestoreDescriptors(const WasiState& state, WasiOptions& grants);

  std::vector<std::string> args_;
  std::vector<std::string> env_;
  FdTable fds_;
  PathResolver paths_;
  std::unique_ptr<WasiClock> clock_;
  std::unique_ptr<WasiRandom> random_;
  std::unique_ptr<FsView> fs_view_;
  os::Wakeup wakeup_;
  std::atomic<bool> cancelled_{false};
  std::optional<uint64_t> max_output_;
  uint64_t output_written_ = 0;
  bool output_limit_reached_ = false;
  std::optional<uint32_t> exit_code_;
  std::optional<uint32_t> raised_signal_;
  bool trace_ = false;
  bool deterministic_ = false;
  uint64_t fuel_consumed_before_ = 0;
  uint32_t listeners_ = 0;
  uint64_t stdin_consumed_ = 0;
  std::unique_ptr<StdinDigest> stdin_digest_;
};

// The name of WASI signal `signal` ("SIGABRT"), or "signal N".
std::string SignalName(uint32_t signal);

}  // namespace cella::wasi
