// wasi/fd_io.cc: fd_read, fd_write, fd_pread, fd_pwrite, fd_seek and fd_tell. Regular
// files are read and written at the entry's own offset (positioned I/O), so the offset is
// wasm-level state; streams and sockets wait through WaitReady, so a timeout can stop a
// guest blocked on them. Writes to stdout and stderr count against --max-output.
// Not thread-safe.
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <string>

#include "wasi/abi.h"
#include "wasi/host_call.h"

namespace cella::wasi {
namespace {

constexpr uint64_t kMaxOffset = static_cast<uint64_t>(INT64_MAX);

uint64_t TotalLength(const std::vector<iovec>& iov) {
  uint64_t total = 0;
  for (const iovec& v : iov) total += v.iov_len;
  return total;
}

// Shortens `iov` to `limit` bytes in total.
void Truncate(std::vector<iovec>& iov, uint64_t limit) {
  for (size_t i = 0; i < iov.size(); ++i) {
    if (iov[i].iov_len >= limit) {
      iov[i].iov_len = limit;
      iov.resize(i + 1);
      return;
    }
    limit -= iov[i].iov_len;
  }
}

bool IsOutput(const FdEntry& e) { return e.stdio == StdioRole::kStdout || e.stdio == StdioRole::kStderr; }

ErrnoOr<size_t> ReadAt(const FdEntry& e, std::vector<iovec>& iov, uint64_t offset) {
  if (offset > kMaxOffset) return Errno::kInval;
  return RetryIo(
      [&] { return ::preadv(e.host.get(), iov.data(), static_cast<int>(iov.size()), static_cast<off_t>(offset)); });
}

ErrnoOr<size_t> WriteAt(const FdEntry& e, std::vector<iovec>& iov, uint64_t offset) {
  if (offset > kMaxOffset) return Errno::kInval;
  return RetryIo(
      [&] { return ::pwritev(e.host.get(), iov.data(), static_cast<int>(iov.size()), static_cast<off_t>(offset)); });
}

ErrnoOr<size_t> StreamWrite(const FdEntry& e, std::vector<iovec>& iov) {
  if (e.kind == FdKind::kSocket) return SocketIo(e.host.get(), iov, true, 0, nullptr);
  return RetryIo([&] { return ::writev(e.host.get(), iov.data(), static_cast<int>(iov.size())); });
}

ErrnoOr<size_t> StreamRead(const FdEntry& e, std::vector<iovec>& iov) {
  return RetryIo([&] { return ::readv(e.host.get(), iov.data(), static_cast<int>(iov.size())); });
}

// Drops the first `n` bytes of `iov`, calling `moved` with each part they covered.
template <class F>
void Consume(std::vector<iovec>& iov, size_t n, F moved) {
  size_t i = 0;
  for (; i < iov.size() && n > 0; ++i) {
    size_t part = n < iov[i].iov_len ? n : iov[i].iov_len;
    moved(std::span<const uint8_t>(static_cast<const uint8_t*>(iov[i].iov_base), part));
    n -= part;
    if (part < iov[i].iov_len) {
      iov[i].iov_base = static_cast<uint8_t*>(iov[i].iov_base) + part;
      iov[i].iov_len -= part;
      break;
    }
  }
  iov.erase(iov.begin(), iov.begin() + static_cast<ptrdiff_t>(i));
}

// A read or write on a stream, fifo or socket, after waiting until it is ready: one
// readv / writev, or in deterministic mode as many as it takes to move all of `iov` (a
// read stops at end of file), so the count never depends on timing. Bytes read from
// stdin are counted and digested for snapshots. An error after some bytes moved is
// reported at the next call.
ErrnoOr<size_t> Transfer(WasiCall& call, FdEntry& e, std::vector<iovec> iov, bool write) {
  bool from_stdin = e.stdio == StdioRole::kStdin;
  size_t total = 0;
  do {
    Errno ready = WaitReady(call, e, write ? POLLOUT : POLLIN);
    ErrnoOr<size_t> n = ready != Errno::kSuccess ? ErrnoOr<size_t>(ready) : write ? StreamWrite(e, iov)
                                                                                  : StreamRead(e, iov);
    if (!n.ok()) {
      if (total > 0) break;
      return n.error();
    }
    if (*n == 0) break;
    total += *n;
    Consume(iov, *n, [&](std::span<const uint8_t> part) {
      if (from_stdin) call.ctx.NoteStdinRead(part);
    });
  } while (call.ctx.deterministic() && e.kind != FdKind::kSocket && !iov.empty());
  e.stream_bytes += total;
  return total;
}

Errno FdRead(WasiCall& call) {
  WASI_ASSIGN_OR_RETURN(FdEntry * e, call.ctx.fds().Get(call.U32(0), kRightFdRead, FdTable::Expect::kNotDir));
  WASI_ASSIGN_OR_RETURN(GuestSpan nread, call.mem.Range(call.U32(3), 4, 4));
  WASI_ASSIGN_OR_RETURN(std::vector<iovec> iov, call.mem.IoVecs(call.U32(1), call.U32(2)));
  size_t n = 0;
  if (TotalLength(iov) > 0) {
    if (e->positioned) {
      WASI_ASSIGN_OR_RETURN(n, ReadAt(*e, iov, e->offset));
      e->offset += n;
    } else {
      WASI_ASSIGN_OR_RETURN(n, Transfer(call, *e, std::move(iov), false));
    }
  }
  nread.Put<uint32_t>(0, static_cast<uint32_t>(n));
  return Errno::kSuccess;
}

Errno FdWrite(WasiCall& call) {
  WASI_ASSIGN_OR_RETURN(FdEntry * e, call.ctx.fds().Get(call.U32(0), kRightFdWrite, FdTable::Expect::kNotDir));
  WASI_ASSIGN_OR_RETURN(GuestSpan nwritten, call.mem.Range(call.U32(3), 4, 4));
  WASI_ASSIGN_OR_RETURN(std::vector<iovec> iov, call.mem.IoVecs(call.U32(1), call.U32(2)));
  uint64_t total = TotalLength(iov);
  if (IsOutput(*e)) {
    uint64_t allowed = call.ctx.OutputAllowance(total);
    if (allowed == 0 && total > 0) {
      call.stop = HostOutcome::Trap("output limit of " + std::to_string(*call.ctx.max_output_bytes()) +
                                    " bytes reached");
      return Errno::kFbig;
    }
    if (allowed < total) Truncate(iov, allowed);
    total = allowed;
  }
  size_t n = 0;
  if (total > 0) {
    if (e->positioned && (e->flags & kFdflagAppend) == 0) {
      WASI_ASSIGN_OR_RETURN(n, WriteAt(*e, iov, e->offset));
      e->offset += n;
    } else if (e->positioned) {
      // O_APPEND: the kernel appends atomically; the offset follows to the new end.
      WASI_ASSIGN_OR_RETURN(n, StreamWrite(*e, iov));
      off_t end = ::lseek(e->host.get(), 0, SEEK_CUR);
      if (end >= 0) e->offset = static_cast<uint64_t>(end);
    } else {
      WASI_ASSIGN_OR_RETURN(n, Transfer(call, *e, std::move(iov), true));
    }
    if (IsOutput(*e)) call.ctx.CountOutput(n);
    call.ctx.NoteWritten(*e);
  }
  nwritten.Put<uint32_t>(0, static_cast<uint32_t>(n));
  return Errno::kSuccess;
}

// fd_pread / fd_pwrite: positioned I/O at the guest's offset, the descriptor's own
// offset untouched.
Errno Positioned(WasiCall& call, Rights rights, ErrnoOr<size_t> (*io)(const FdEntry&, std::vector<iovec>&, uint64_t)) {
  WASI_ASSIGN_OR_RETURN(FdEntry * e, call.ctx.fds().Get(call.U32(0), rights | kRightFdSeek, FdTable::Expect::kNotDir));
  WASI_ASSIGN_OR_RETURN(GuestSpan done, call.mem.Range(call.U32(4), 4, 4));
  WASI_ASSIGN_OR_RETURN(std::vector<iovec> iov, call.mem.IoVecs(call.U32(1), call.U32(2)));
  WASI_ASSIGN_OR_RETURN(size_t n, io(*e, iov, call.U64(3)));
  if (io == WriteAt && n > 0) call.ctx.NoteWritten(*e);
  done.Put<uint32_t>(0, static_cast<uint32_t>(n));
  return Errno::kSuccess;
}

Errno FdPread(WasiCall& call) { return Positioned(call, kRightFdRead, ReadAt); }
Errno FdPwrite(WasiCall& call) { return Positioned(call, kRightFdWrite, WriteAt); }

// The position after seeking a positioned entry, or EINVAL when it would be negative or
// beyond what the host can address.
ErrnoOr<uint64_t> NewOffset(const FdEntry& e, int64_t delta, uint32_t whence) {
  uint64_t base = 0;
  if (whence == kWhenceCur) {
    base = e.offset;
  } else if (whence == kWhenceEnd) {
    struct stat st {};
    if (::fstat(e.host.get(), &st) != 0) return ErrnoFromHost(errno);
    base = static_cast<uint64_t>(st.st_size);
  }
  if (delta < 0) {
    uint64_t back = static_cast<uint64_t>(-(delta + 1)) + 1;
    if (back > base) return Errno::kInval;
    return base - back;
  }
  if (static_cast<uint64_t>(delta) > kMaxOffset - base) return Errno::kInval;
  return base + static_cast<uint64_t>(delta);
}

Errno FdSeek(WasiCall& call) {
  auto delta = static_cast<int64_t>(call.U64(1));
  uint32_t whence = call.U32(2);
  Rights needed = (delta == 0 && whence == kWhenceCur) ? kRightFdTell : kRightFdSeek;
  WASI_ASSIGN_OR_RETURN(FdEntry * e, call.ctx.fds().Get(call.U32(0), needed, FdTable::Expect::kNotDir));
  if (whence > kWhenceEnd) return Errno::kInval;
  WASI_ASSIGN_OR_RETURN(GuestSpan out, call.mem.Range(call.U32(3), 8, 8));
  if (e->positioned) {
    WASI_ASSIGN_OR_RETURN(e->offset, NewOffset(*e, delta, whence));
    out.Put<uint64_t>(0, e->offset);
    return Errno::kSuccess;
  }
  static constexpr int kHostWhence[] = {SEEK_SET, SEEK_CUR, SEEK_END};
  off_t pos = ::lseek(e->host.get(), delta, kHostWhence[whence]);
  if (pos < 0) return ErrnoFromHost(errno);
  out.Put<uint64_t>(0, static_cast<uint64_t>(pos));
  return Errno::kSuccess;
}

Errno FdTell(WasiCall& call) {
  WASI_ASSIGN_OR_RETURN(FdEntry * e, call.ctx.fds().Get(call.U32(0), kRightFdTell, FdTable::Expect::kNotDir));
  WASI_ASSIGN_OR_RETURN(GuestSpan out, call.mem.Range(call.U32(1), 8, 8));
  uint64_t pos = e->offset;
  if (!e->positioned) {
    off_t host = ::lseek(e->host.get(), 0, SEEK_CUR);
    if (host < 0) return ErrnoFromHost(errno);
    pos = static_cast<uint64_t>(host);
  }
  out.Put<uint64_t>(0, pos);
  return Errno::kSuccess;
}

constexpr FunctionDef kFunctions[] = {
    {"fd_read", "iiii", true, FdRead},         {"fd_write", "iiii", true, FdWrite},
    {"fd_pread", "iiiIi", true, FdPread},      {"fd_pwrite", "iiiIi", true, FdPwrite},
    {"fd_seek", "iIii", true, FdSeek},         {"fd_tell", "ii", true, FdTell},
};

}  // namespace

std::span<const FunctionDef> FdIoFunctions() { return kFunctions; }

}  // namespace cella::wasi
