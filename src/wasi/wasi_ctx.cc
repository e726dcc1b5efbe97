// wasi/wasi_ctx.cc: WasiCtx construction (granting stdio, directories and sockets as
// descriptors), cancellation and output accounting. Not thread-safe, except Cancel().
#include "wasi/wasi_ctx.h"

#include <fcntl.h>
#include <sys/stat.h>

#include <iterator>

#include "os/directory.h"
#include "os/errno_error.h"
#include "wasi/rights.h"
#include "wasi/stdin_digest.h"

namespace cella::wasi {
namespace {

// Deterministic mode presents every stdio stream as a pipe (file type unknown), whatever
// the host gave: a terminal would change how the guest buffers its output.
std::unique_ptr<FdEntry> StdioEntry(os::UniqueFd fd, StdioRole role, bool deterministic) {
  auto entry = std::make_unique<FdEntry>();
  struct stat st {};
  if (!deterministic && ::fstat(fd.get(), &st) == 0) entry->filetype = FileTypeOf(st.st_mode, fd.get());
  entry->kind = FdKind::kStream;
  entry->host = std::move(fd);
  entry->base = role == StdioRole::kStdin ? kStdinRights : kStdoutRights;
  entry->stdio = role;
  return entry;
}

}  // namespace

WasiCtx::WasiCtx(os::Wakeup wakeup, WasiOptions& options)
    : args_(std::move(options.args)),
      env_(std::move(options.env)),
      fds_(options.max_fds),
      paths_(options.force_path_fallback),
      clock_(options.clock ? std::move(options.clock) : MakeHostClock()),
      random_(options.random ? std::move(options.random) : MakeHostRandom()),
      fs_view_(options.fs_view ? std::move(options.fs_view) : MakeHostFsView()),
      wakeup_(std::move(wakeup)),
      max_output_(options.max_output_bytes),
      trace_(options.trace),
      deterministic_(options.deterministic),
      fuel_consumed_before_(options.fuel_consumed_before),
      stdin_digest_(std::make_unique<StdinDigest>()) {}

WasiCtx::~WasiCtx() = default;

Result<std::unique_ptr<WasiCtx>> WasiCtx::Create(WasiOptions options) {
  CELLA_ASSIGN_OR_RETURN(os::Wakeup wakeup, os::Wakeup::Create());
  std::unique_ptr<WasiCtx> ctx(new WasiCtx(std::move(wakeup), options));
  CELLA_TRY(ctx->Grant(options));
  return ctx;
}

Status WasiCtx::Grant(WasiOptions& options) {
  if (options.stdin_fd) fds_.Set(0, StdioEntry(std::move(options.stdin_fd), StdioRole::kStdin, deterministic_));
  if (options.stdout_fd) fds_.Set(1, StdioEntry(std::move(options.stdout_fd), StdioRole::kStdout, deterministic_));
  if (options.stderr_fd) fds_.Set(2, StdioEntry(std::move(options.stderr_fd), StdioRole::kStderr, deterministic_));
  uint32_t next = 3;
  for (const DirGrant& grant : options.dirs) {
    CELLA_ASSIGN_OR_RETURN(os::UniqueFd fd, os::OpenDirectory(grant.host_path));
    int root = ::fcntl(fd.get(), F_DUPFD_CLOEXEC, 0);
    if (root < 0) return os::ErrnoError("dup " + grant.host_path);
    Preopen preopen{grant.guest_path, grant.host_path, grant.writable, os::UniqueFd(root)};
    auto entry = std::make_unique<FdEntry>();
    entry->kind = FdKind::kDirectory;
    entry->host = std::move(fd);
    entry->filetype = FileType::kDirectory;
    entry->base = grant.writable ? kDirRightsRw : kDirRightsRo;
    entry->inheriting = grant.writable ? (kDirRightsRw | kFileRightsRw) : (kDirRightsRo | kFileRightsRo);
    entry->preopen = static_cast<int32_t>(fds_.AddPreopen(std::move(preopen)));
    entry->is_preopen = true;
    fds_.Set(next++, std::move(entry));
  }
  for (os::UniqueFd& listener : options.listeners) {
    auto entry = std::make_unique<FdEntry>();
    entry->kind = FdKind::kListener;
    entry->host = std::move(listener);
    entry->filetype = FileType::kSocketStream;
    entry->base = kListenerRights;
    entry->inheriting = kSocketRights;
    entry->listener = static_cast<int32_t>(listeners_++);
    fds_.Set(next++, std::move(entry));
  }
  return OkStatus();
}

void WasiCtx::Cancel() {
  cancelled_.store(true, std::memory_order_relaxed);
  wakeup_.Signal();
}

uint64_t WasiCtx::OutputAllowance(uint64_t wanted) {
  if (!max_output_) return wanted;
  uint64_t left = *max_output_ > output_written_ ? *max_output_ - output_written_ : 0;
  if (wanted > 0 && left == 0) output_limit_reached_ = true;
  return wanted < left ? wanted : left;
}

void WasiCtx::NoteChange(const FileChange& change) {
  if (!fs_view_->tracks_changes()) return;
  ErrnoOr<uint64_t> now = clock_->Now(kClockRealtime);
  fs_view_->Note(change, now.ok() ? *now : 0);
}

void WasiCtx::NoteWritten(const FdEntry& entry) {
  if (entry.kind == FdKind::kFile && entry.preopen >= 0) {
    NoteChange({FileChange::Kind::kWritten, {entry.preopen, entry.path}});
  }
}

void WasiCtx::NoteStdinRead(std::span<const uint8_t> bytes) {
  stdin_consumed_ += bytes.size();
  stdin_digest_->Update(bytes);
}

Errno WasiCtx::RequireWritable(const FdEntry& entry) const {
  if (entry.preopen < 0) return Errno::kSuccess;
  const auto& preopens = fds_.preopens();
  if (static_cast<size_t>(entry.preopen) >= preopens.size() || !preopens[entry.preopen].writable) {
    return Errno::kRofs;
  }
  return Errno::kSuccess;
}

std::string SignalName(uint32_t signal) {
  static constexpr const char* kNames[] = {
      "none",  "SIGHUP",  "SIGINT",  "SIGQUIT", "SIGILL",  "SIGTRAP", "SIGABRT",   "SIGBUS",
      "SIGFPE", "SIGKILL", "SIGUSR1", "SIGSEGV", "SIGUSR2", "SIGPIPE", "SIGALRM",   "SIGTERM",
      "SIGCHLD", "SIGCONT", "SIGSTOP", "SIGTSTP", "SIGTTIN", "SIGTTOU", "SIGURG",    "SIGXCPU",
      "SIGXFSZ", "SIGVTALRM", "SIGPROF", "SIGWINCH", "SIGPOLL", "SIGPWR", "SIGSYS"};
  if (signal < std::size(kNames)) return kNames[signal];
  return "signal " + std::to_string(signal);
}

}  // namespace cella::wasi
