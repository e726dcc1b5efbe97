// wasi/fd_ops.cc: fd_advise, fd_allocate, fd_close, fd_datasync, fd_sync, fd_fdstat_get,
// fd_fdstat_set_flags, fd_fdstat_set_rights, fd_filestat_get, fd_filestat_set_size,
// fd_filestat_set_times, fd_prestat_get, fd_prestat_dir_name and fd_renumber.
// Not thread-safe.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <climits>

#include "wasi/abi.h"
#include "wasi/host_call.h"
#include "wasi/time_flags.h"

namespace cella::wasi {
namespace {

constexpr uint64_t kMaxOffset = static_cast<uint64_t>(INT64_MAX);

Errno FdAdvise(WasiCall& call) {
  WASI_ASSIGN_OR_RETURN(FdEntry * e, call.ctx.fds().Get(call.U32(0), kRightFdAdvise, FdTable::Expect::kNotDir));
  uint64_t offset = call.U64(1), len = call.U64(2);
  uint32_t advice = call.U32(3);
  if (advice > kAdviceMax || offset > kMaxOffset || len > kMaxOffset) return Errno::kInval;
  // WASI's advice values are POSIX_FADV_NORMAL .. POSIX_FADV_NOREUSE in the same order.
  static constexpr int kHostAdvice[] = {POSIX_FADV_NORMAL,   POSIX_FADV_SEQUENTIAL, POSIX_FADV_RANDOM,
                                        POSIX_FADV_WILLNEED, POSIX_FADV_DONTNEED,   POSIX_FADV_NOREUSE};
  return ErrnoFromHost(::posix_fadvise(e->host.get(), static_cast<off_t>(offset), static_cast<off_t>(len),
                                       kHostAdvice[advice]));
}

Errno FdAllocate(WasiCall& call) {
  WASI_ASSIGN_OR_RETURN(FdEntry * e, call.ctx.fds().Get(call.U32(0), kRightFdAllocate, FdTable::Expect::kNotDir));
  WASI_TRY(call.ctx.RequireWritable(*e));
  uint64_t offset = call.U64(1), len = call.U64(2);
  if (offset > kMaxOffset || len > kMaxOffset - offset) return Errno::kFbig;
  int rc = ::posix_fallocate(e->host.get(), static_cast<off_t>(offset), static_cast<off_t>(len));
  if (rc == EOPNOTSUPP || rc == ENOSYS) {
    // Without fallocate support, extend the file instead (the space is then sparse).
    struct stat st {};
    if (::fstat(e->host.get(), &st) != 0) return ErrnoFromHost(errno);
    if (static_cast<uint64_t>(st.st_size) < offset + len &&
        ::ftruncate(e->host.get(), static_cast<off_t>(offset + len)) != 0) {
      return ErrnoFromHost(errno);
    }
    rc = 0;
  }
  if (rc == 0) call.ctx.NoteWritten(*e);
  return ErrnoFromHost(rc);
}

Errno FdClose(WasiCall& call) { return call.ctx.fds().Close(call.U32(0)); }

// fd_sync / fd_datasync. In deterministic mode syncing stdio succeeds without asking the
// host, whose answer depends on what it gave (a file syncs, a pipe or terminal is EINVAL).
Errno Sync(WasiCall& call, Rights right, int (*sync)(int)) {
  WASI_ASSIGN_OR_RETURN(FdEntry * e, call.ctx.fds().Get(call.U32(0), right));
  if (call.ctx.deterministic() && e->kind == FdKind::kStream) return Errno::kSuccess;
  return sync(e->host.get()) == 0 ? Errno::kSuccess : ErrnoFromHost(errno);
}

Errno FdDatasync(WasiCall& call) { return Sync(call, kRightFdDatasync, ::fdatasync); }
Errno FdSync(WasiCall& call) { return Sync(call, kRightFdSync, ::fsync); }

Errno FdFdstatGet(WasiCall& call) {
  WASI_ASSIGN_OR_RETURN(FdEntry * e, call.ctx.fds().Get(call.U32(0), 0));
  WASI_ASSIGN_OR_RETURN(GuestSpan out, call.mem.Range(call.U32(1), layout::kFdstatSize, layout::kFdstatAlign));
  out.Zero();
  out.Put<uint8_t>(0, static_cast<uint8_t>(e->filetype));
  out.Put<uint16_t>(2, e->flags);
  out.Put<uint64_t>(8, e->base);
  out.Put<uint64_t>(16, e->inheriting);
  return Errno::kSuccess;
}

// APPEND and NONBLOCK can change; the sync flags are fixed at open (ENOTSUP). NONBLOCK is
// kept in the entry only (WaitReady honours it), so a shared stdio description of the
// host is never switched to non-blocking under its other users.
Errno FdFdstatSetFlags(WasiCall& call) {
  WASI_ASSIGN_OR_RETURN(FdEntry * e, call.ctx.fds().Get(call.U32(0), kRightFdFdstatSetFlags));
  uint32_t flags = call.U32(1);
  if ((flags & ~static_cast<uint32_t>(kFdflagsAll)) != 0) return Errno::kInval;
  constexpr uint32_t kFixed = kFdflagDsync | kFdflagRsync | kFdflagSync;
  if (((flags ^ e->flags) & kFixed) != 0) return Errno::kNotsup;
  if (((flags ^ e->flags) & kFdflagAppend) != 0 && e->kind == FdKind::kFile) {
    if ((flags & kFdflagAppend) != 0) WASI_TRY(call.ctx.RequireWritable(*e));
    int host = ::fcntl(e->host.get(), F_GETFL);
    if (host < 0) return ErrnoFromHost(errno);
    host = (flags & kFdflagAppend) != 0 ? (host | O_APPEND) : (host & ~O_APPEND);
    if (::fcntl(e->host.get(), F_SETFL, host) != 0) return ErrnoFromHost(errno);
  }
  e->flags = static_cast<FdFlags>(flags);
  return Errno::kSuccess;
}

// Rights can only shrink.
Errno FdFdstatSetRights(WasiCall& call) {
  WASI_ASSIGN_OR_RETURN(FdEntry * e, call.ctx.fds().Get(call.U32(0), 0));
  Rights base = call.U64(1), inheriting = call.U64(2);
  if ((base & ~e->base) != 0 || (inheriting & ~e->inheriting) != 0) return Errno::kNotcapable;
  e->base = base;
  e->inheriting = inheriting;
  return Errno::kSuccess;
}

Errno FdFilestatGet(WasiCall& call) {
  WASI_ASSIGN_OR_RETURN(FdEntry * e, call.ctx.fds().Get(call.U32(0), kRightFdFilestatGet));
  struct stat st {};
  if (::fstat(e->host.get(), &st) != 0) return ErrnoFromHost(errno);
  return StoreFilestat(call, call.U32(1), FileRef{e->preopen, e->path, e->stdio}, FilestatFromHost(st, e->host.get()));
}

Errno FdFilestatSetSize(WasiCall& call) {
  WASI_ASSIGN_OR_RETURN(FdEntry * e,
                        call.ctx.fds().Get(call.U32(0), kRightFdFilestatSetSize, FdTable::Expect::kNotDir));
  WASI_TRY(call.ctx.RequireWritable(*e));
  uint64_t size = call.U64(1);
  if (size > kMaxOffset) return Errno::kFbig;
  if (::ftruncate(e->host.get(), static_cast<off_t>(size)) != 0) return ErrnoFromHost(errno);
  call.ctx.NoteWritten(*e);
  return Errno::kSuccess;
}

Errno FdFilestatSetTimes(WasiCall& call) {
  WASI_ASSIGN_OR_RETURN(FdEntry * e, call.ctx.fds().Get(call.U32(0), kRightFdFilestatSetTimes));
  WASI_TRY(call.ctx.RequireWritable(*e));
  timespec times[2];
  WASI_TRY(TimesFromFlags(call.U64(1), call.U64(2), call.U32(3), times));
  if (::futimens(e->host.get(), times) != 0) return ErrnoFromHost(errno);
  call.ctx.NoteChange({FileChange::Kind::kTimesSet, {e->preopen, e->path}, {}, call.U64(1), call.U64(2), call.U32(3)});
  return Errno::kSuccess;
}

// Only granted directories are preopens; every other descriptor is EBADF here, which is
// how wasi-libc's scan of fds 3, 4, ... learns where the preopens end.
ErrnoOr<const Preopen*> PreopenOf(WasiCall& call, uint32_t fd) {
  WASI_ASSIGN_OR_RETURN(FdEntry * e, call.ctx.fds().Get(fd, 0));
  if (!e->is_preopen) return Errno::kBadf;
  return &call.ctx.fds().preopens()[static_cast<size_t>(e->preopen)];
}

Errno FdPrestatGet(WasiCall& call) {
  WASI_ASSIGN_OR_RETURN(const Preopen* preopen, PreopenOf(call, call.U32(0)));
  WASI_ASSIGN_OR_RETURN(GuestSpan out, call.mem.Range(call.U32(1), layout::kPrestatSize, layout::kPrestatAlign));
  out.Zero();
  out.Put<uint8_t>(0, kPreopenDir);
  out.Put<uint32_t>(4, static_cast<uint32_t>(preopen->guest_path.size()));
  return Errno::kSuccess;
}

Errno FdPrestatDirName(WasiCall& call) {
  WASI_ASSIGN_OR_RETURN(const Preopen* preopen, PreopenOf(call, call.U32(0)));
  const std::string& name = preopen->guest_path;
  uint32_t len = call.U32(2);
  if (len < name.size()) return Errno::kNametoolong;
  WASI_ASSIGN_OR_RETURN(GuestSpan out, call.mem.Range(call.U32(1), name.size()));
  out.PutBytes(0, {reinterpret_cast<const uint8_t*>(name.data()), name.size()});
  return Errno::kSuccess;
}

Errno FdRenumber(WasiCall& call) { return call.ctx.fds().Renumber(call.U32(0), call.U32(1)); }

constexpr FunctionDef kFunctions[] = {
    {"fd_advise", "iIIi", true, FdAdvise},
    {"fd_allocate", "iII", true, FdAllocate},
    {"fd_close", "i", true, FdClose},
    {"fd_datasync", "i", true, FdDatasync},
    {"fd_sync", "i", true, FdSync},
    {"fd_fdstat_get", "ii", true, FdFdstatGet},
    {"fd_fdstat_set_flags", "ii", true, FdFdstatSetFlags},
    {"fd_fdstat_set_rights", "iII", true, FdFdstatSetRights},
    {"fd_filestat_get", "ii", true, FdFilestatGet},
    {"fd_filestat_set_size", "iI", true, FdFilestatSetSize},
    {"fd_filestat_set_times", "iIIi", true, FdFilestatSetTimes},
    {"fd_prestat_get", "ii", true, FdPrestatGet},
    {"fd_prestat_dir_name", "iii", true, FdPrestatDirName},
    {"fd_renumber", "ii", true, FdRenumber},
};

}  // namespace

std::span<const FunctionDef> FdFunctions() { return kFunctions; }

}  // namespace cella::wasi
