// wasi/state_capture.cc: WasiCtx::Capture and WasiCtx::Restore — a live cell's WASI
// state to a WasiState and back. Restore treats the state as untrusted (it may come from
// a snapshot file): every descriptor is reopened below its preopen through the
// PathResolver, never by host path, and may hold no right its grant could not give.
// Not thread-safe.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <string>

#include "os/directory.h"
#include "os/errno_error.h"
#include "wasi/deterministic.h"
#include "wasi/host_call.h"
#include "wasi/rights.h"
#include "wasi/stdin_digest.h"
#include "wasi/wasi_ctx.h"

namespace cella::wasi {
namespace {

DescriptorState StateOf(uint32_t fd, const FdEntry& e) {
  DescriptorState d;
  d.fd = fd;
  d.kind = e.kind;
  d.filetype = e.filetype;
  d.preopen = e.preopen;
  d.path = e.path;
  d.is_preopen = e.is_preopen;
  d.stdio = e.stdio;
  d.listener = e.listener;
  d.base = e.base;
  d.inheriting = e.inheriting;
  d.flags = e.flags;
  d.offset = e.offset;
  d.stream_bytes = e.stream_bytes;
  if (e.listing) d.listing = *e.listing;
  return d;
}

const char* StdioName(StdioRole role) {
  switch (role) {
    case StdioRole::kStdin: return "stdin";
    case StdioRole::kStdout: return "stdout";
    case StdioRole::kStderr: return "stderr";
    case StdioRole::kNone: break;
  }
  return "?";
}

std::string Describe(const DescriptorState& d, const WasiState& s) {
  std::string text = "fd " + std::to_string(d.fd);
  if (d.preopen >= 0) {
    text += " ('" + (d.path.empty() ? std::string(".") : d.path) + "' in the granted directory '" +
            s.preopens[static_cast<size_t>(d.preopen)].guest_path + "')";
  } else if (d.stdio != StdioRole::kNone) {
    text += std::string(" (") + StdioName(d.stdio) + ")";
  }
  return text;
}

std::string Mode(bool writable) { return writable ? "read-write" : "read-only"; }

// Whether the rights `d` holds could have come from its grant.
bool RightsWithinGrant(const DescriptorState& d, const WasiState& s) {
  bool writable = d.preopen >= 0 && s.preopens[static_cast<size_t>(d.preopen)].writable;
  Rights base = 0, inheriting = 0;
  switch (d.kind) {
    case FdKind::kDirectory:
      base = writable ? kDirRightsRw : kDirRightsRo;
      inheriting = writable ? (kDirRightsRw | kFileRightsRw) : (kDirRightsRo | kFileRightsRo);
      break;
    case FdKind::kFile: base = writable ? kFileRightsRw : kFileRightsRo; break;
    case FdKind::kStream: base = d.stdio == StdioRole::kStdin ? kStdinRights : kStdoutRights; break;
    case FdKind::kListener:
      base = kListenerRights;
      inheriting = kSocketRights;
      break;
    case FdKind::kSocket: break;
  }
  if ((d.flags & kFdflagAppend) != 0 && d.kind == FdKind::kFile && !writable) return false;
  return (d.base & ~base) == 0 && (d.inheriting & ~inheriting) == 0;
}

// The grants must be the ones the state was captured with: the same directories (by
// guest name and mode, in order), the same number of listening sockets.
Status CheckGrants(const WasiState& s, const WasiOptions& grants) {
  if (grants.clock || grants.random || grants.fs_view) {
    return MakeError(Errc::kInvalidArgument,
                     "restoring WASI state: the clock, random and file-view hooks come from the state; leave them "
                     "unset in the grants");
  }
  if (!grants.args.empty() && grants.args != s.args) {
    return MakeError(Errc::kInvalidArgument, "restoring WASI state: the arguments differ from the captured cell's");
  }
  if (!grants.env.empty() && grants.env != s.env) {
    return MakeError(Errc::kInvalidArgument, "restoring WASI state: the environment differs from the captured cell's");
  }
  std::string expected;
  for (const PreopenState& p : s.preopens) expected += " '" + p.guest_path + "' (" + Mode(p.writable) + ")";
  if (grants.dirs.size() != s.preopens.size()) {
    return MakeError(Errc::kInvalidArgument,
                     "restoring WASI state: the captured cell was granted " + std::to_string(s.preopens.size()) +
                         " directories," + (expected.empty() ? " none" : expected) + "; now " +
                         std::to_string(grants.dirs.size()) + " are granted. Grant the same directories, in order");
  }
  for (size_t i = 0; i < s.preopens.size(); ++i) {
    const PreopenState& want = s.preopens[i];
    const DirGrant& got = grants.dirs[i];
    if (got.guest_path != want.guest_path || got.writable != want.writable) {
      return MakeError(Errc::kInvalidArgument,
                       "restoring WASI state: granted directory " + std::to_string(i + 1) + " was '" +
                           want.guest_path + "' (" + Mode(want.writable) + ") in the captured cell, now '" +
                           got.guest_path + "' (" + Mode(got.writable) + ") from " + got.host_path +
                           ". Grant the same directories, in order");
    }
  }
  if (grants.listeners.size() != s.listeners) {
    return MakeError(Errc::kInvalidArgument, "restoring WASI state: the captured cell had " +
                                                 std::to_string(s.listeners) + " listening sockets, now " +
                                                 std::to_string(grants.listeners.size()) + " are granted");
  }
  return OkStatus();
}

std::unique_ptr<WasiClock> ClockFrom(const ClockState& c) {
  return c.kind == ClockState::Kind::kVirtual ? MakeVirtualClock(c.epoch_ns, c.slept_ns) : MakeHostClock();
}
std::unique_ptr<WasiRandom> RandomFrom(const RandomState& r) {
  return r.kind == RandomState::Kind::kChaCha20 ? MakeSeededRandom(r.seed, r.position) : MakeHostRandom();
}
std::unique_ptr<FsView> ViewFrom(const FsViewState& v) {
  return v.kind == FsViewState::Kind::kVirtual ? MakeVirtualFsView(v.epoch_ns, v.times) : MakeHostFsView();
}

// Reads the `count` bytes the guest had consumed off `fd`, digesting them into `digest`.
Status SkipConsumedStdin(int fd, uint64_t count, StdinDigest& digest) {
  uint8_t buffer[65536];
  for (uint64_t left = count; left > 0;) {
    size_t want = left < sizeof buffer ? static_cast<size_t>(left) : sizeof buffer;
    ssize_t n = ::read(fd, buffer, want);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && errno == EAGAIN) {
      pollfd p{fd, POLLIN, 0};
      if (os::WaitForFds({&p, 1}, -1, nullptr) == os::WaitResult::kFailed) return os::ErrnoError("waiting for stdin");
      continue;
    }
    if (n < 0) return os::ErrnoError("reading stdin");
    if (n == 0) {
      return MakeError(Errc::kInvalidArgument,
                       "restoring WASI state: stdin ended after " + std::to_string(count - left) + " of the " +
                           std::to_string(count) +
                           " bytes the guest had read before the capture; give the run's stdin again, from its start");
    }
    digest.Update({buffer, static_cast<size_t>(n)});
    left -= static_cast<uint64_t>(n);
  }
  return OkStatus();
}

}  // namespace

std::vector<DescriptorState> WasiCtx::Descriptors() const {
  std::vector<DescriptorState> out;
  for (uint32_t fd : fds_.OpenFds()) out.push_back(StateOf(fd, *fds_.Find(fd)));
  return out;
}

Result<WasiState> WasiCtx::Capture() const {
  WasiState s;
  s.args = args_;
  s.env = env_;
  for (const Preopen& p : fds_.preopens()) s.preopens.push_back({p.guest_path, p.writable});
  s.listeners = listeners_;
  s.deterministic = deterministic_;
  for (uint32_t fd : fds_.OpenFds()) {
    const FdEntry& e = *fds_.Find(fd);
    if (e.kind == FdKind::kSocket) {
      return MakeError(Errc::kUnsupported, "fd " + std::to_string(fd) +
                                               " is a connection accepted from a listening socket, which cannot be "
                                               "captured; capture the cell when it holds no open connection");
    }
    s.descriptors.push_back(StateOf(fd, e));
  }
  CELLA_ASSIGN_OR_RETURN(s.clock, clock_->Save());
  CELLA_ASSIGN_OR_RETURN(s.random, random_->Save());
  CELLA_ASSIGN_OR_RETURN(s.fs_view, fs_view_->Save());
  s.stdin_consumed = stdin_consumed_;
  s.stdin_digest = stdin_digest_->Digest();
  s.output_written = output_written_;
  s.output_limit_reached = output_limit_reached_;
  s.exit_code = exit_code_;
  s.raised_signal = raised_signal_;
  return s;
}

Result<std::unique_ptr<WasiCtx>> WasiCtx::Restore(const WasiState& unchecked, WasiOptions grants) {
  // Every rule DecodeWasiState enforces holds for `state` (indices in range, kinds
  // consistent), also when it did not come from bytes.
  CELLA_ASSIGN_OR_RETURN(WasiState state, DecodeWasiState(EncodeWasiState(unchecked)));
  CELLA_TRY(CheckGrants(state, grants));
  grants.args = state.args;
  grants.env = state.env;
  grants.deterministic = state.deterministic;
  grants.clock = ClockFrom(state.clock);
  grants.random = RandomFrom(state.random);
  grants.fs_view = ViewFrom(state.fs_view);
  CELLA_ASSIGN_OR_RETURN(os::Wakeup wakeup, os::Wakeup::Create());
  std::unique_ptr<WasiCtx> ctx(new WasiCtx(std::move(wakeup), grants));
  CELLA_TRY(ctx->RestoreDescriptors(state, grants));
  ctx->listeners_ = state.listeners;
  ctx->output_written_ = state.output_written;
  ctx->output_limit_reached_ = state.output_limit_reached;
  ctx->exit_code_ = state.exit_code;
  ctx->raised_signal_ = state.raised_signal;
  return ctx;
}

Status WasiCtx::RestoreDescriptors(const WasiState& state, WasiOptions& grants) {
  for (const DirGrant& grant : grants.dirs) {
    CELLA_ASSIGN_OR_RETURN(os::UniqueFd root, os::OpenDirectory(grant.host_path));
    fds_.AddPreopen(Preopen{grant.guest_path, grant.host_path, grant.writable, std::move(root)});
  }
  if (state.descriptors.size() > grants.max_fds) {
    return MakeError(Errc::kInvalidArgument, "restoring WASI state: " + std::to_string(state.descriptors.size()) +
                                                 " descriptors are open, more than max_fds " +
                                                 std::to_string(grants.max_fds));
  }
  os::UniqueFd* stdio[] = {nullptr, &grants.stdin_fd, &grants.stdout_fd, &grants.stderr_fd};
  bool stdin_restored = false;
  // No live cell numbers a descriptor beyond its grants plus max_fds.
  uint64_t fd_limit = 3 + grants.dirs.size() + grants.listeners.size() + grants.max_fds;
  for (const DescriptorState& d : state.descriptors) {
    std::string what = Describe(d, state);
    if (d.fd >= fd_limit) {
      return MakeError(Errc::kBadFormat, "restoring WASI state: " + what + " is beyond any number a cell with these "
                                                                           "grants can use");
    }
    if (!RightsWithinGrant(d, state)) {
      return MakeError(Errc::kBadFormat, "restoring WASI state: " + what + " holds rights its grant cannot give");
    }
    auto entry = std::make_unique<FdEntry>();
    entry->kind = d.kind;
    entry->filetype = d.filetype;
    entry->base = d.base;
    entry->inheriting = d.inheriting;
    entry->flags = d.flags;
    entry->preopen = d.preopen;
    entry->path = d.path;
    entry->is_preopen = d.is_preopen;
    entry->stdio = d.stdio;
    entry->listener = d.listener;
    entry->stream_bytes = d.stream_bytes;
    if (d.listing) entry->listing = std::make_shared<const std::vector<DirListingEntry>>(*d.listing);
    if (d.kind == FdKind::kFile || d.kind == FdKind::kDirectory) {
      const Preopen& preopen = fds_.preopens()[static_cast<size_t>(d.preopen)];
      if (d.is_preopen) {
        int fd = ::fcntl(preopen.root.get(), F_DUPFD_CLOEXEC, 0);
        if (fd < 0) return os::ErrnoError("dup " + preopen.host_path);
        entry->host = os::UniqueFd(fd);
      } else {
        bool dir = d.kind == FdKind::kDirectory;
        int flags = dir ? O_RDONLY | O_DIRECTORY : HostAccessFlags(preopen.writable ? d.base : 0, d.flags);
        struct stat st {};
        ErrnoOr<os::UniqueFd> fd =
            OpenBelow(paths_, preopen.root.get(), d.path.empty() ? "." : d.path, flags, true, &st);
        if (!fd.ok()) {
          return MakeError(fd.error() == Errno::kNotcapable ? Errc::kBadFormat : Errc::kNotFound,
                           "restoring WASI state: " + what + " cannot be reopened: " +
                               std::string(ErrnoName(fd.error())) +
                               "; the guest had it open, so the granted directory must still hold it");
        }
        if (FileTypeOf(st.st_mode, fd->get()) != d.filetype) {
          return MakeError(Errc::kNotFound, "restoring WASI state: " + what +
                                                " is no longer the kind of file the guest had open (file type " +
                                                std::to_string(static_cast<int>(d.filetype)) + ", now " +
                                                std::to_string(static_cast<int>(FileTypeOf(st.st_mode))) + ")");
        }
        entry->host = std::move(*fd);
        entry->positioned = S_ISREG(st.st_mode) && !dir;
        entry->offset = d.offset;
      }
    } else if (d.kind == FdKind::kStream) {
      os::UniqueFd* granted = stdio[static_cast<size_t>(d.stdio)];
      if (!*granted) {
        return MakeError(Errc::kInvalidArgument, "restoring WASI state: " + what + " was open in the captured cell; "
                                                     "grant " + StdioName(d.stdio) + " (once) to restore it");
      }
      entry->host = std::move(*granted);
      if (d.stdio == StdioRole::kStdin) {
        CELLA_TRY(SkipConsumedStdin(entry->host.get(), state.stdin_consumed, *stdin_digest_));
        if (stdin_digest_->Digest() != state.stdin_digest) {
          return MakeError(Errc::kInvalidArgument,
                           "restoring WASI state: stdin differs from the captured cell's: its first " +
                               std::to_string(state.stdin_consumed) +
                               " bytes are not the ones the guest read; give the run's stdin again, from its start");
        }
        stdin_restored = true;
      }
    } else if (d.kind == FdKind::kListener) {
      os::UniqueFd& granted = grants.listeners[static_cast<size_t>(d.listener)];
      if (!granted) return MakeError(Errc::kBadFormat, "restoring WASI state: listening socket used twice");
      entry->host = std::move(granted);
    } else {
      return MakeError(Errc::kBadFormat, "restoring WASI state: " + what + " is an accepted connection");
    }
    fds_.Set(d.fd, std::move(entry));
  }
  stdin_consumed_ = state.stdin_consumed;
  if (!stdin_restored) stdin_digest_->fixed = state.stdin_digest;
  return OkStatus();
}

}  // namespace cella::wasi
