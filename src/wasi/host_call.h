// wasi/host_call.h: how a preview1 function is written. Each one is a Handler taking a
// WasiCall (the cell's WasiCtx, the caller's guest memory, the wasm arguments) and
// returning the errno the guest receives; proc_exit and friends end the call through
// `stop`. Each group of functions lists itself with a signature string that preview1.cc
// turns into the wasm import type. Not thread-safe.
#pragma once

#include <sys/stat.h>
#include <sys/uio.h>

#include <cerrno>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "cella/store.h"
#include "wasi/errno.h"
#include "wasi/guest_memory.h"
#include "wasi/wasi_ctx.h"

namespace cella::wasi {

struct WasiCall {
  WasiCtx& ctx;
  GuestMemory mem;
  std::span<const Value> args;
  std::optional<HostOutcome> stop;  // set to end the guest's call instead of returning

  uint32_t U32(size_t i) const { return args[i].i32(); }
  uint64_t U64(size_t i) const { return args[i].i64(); }
};

using Handler = Errno (*)(WasiCall& call);

struct FunctionDef {
  const char* name;
  const char* params;  // one letter per parameter: 'i' = i32, 'I' = i64
  bool returns_errno;  // false only for proc_exit
  Handler handler;
};

// The groups, one per file.
std::span<const FunctionDef> ProcFunctions();      // proc_ops.cc: args, environ, clocks, random, proc_*, sched_yield
std::span<const FunctionDef> FdIoFunctions();      // fd_io.cc: read, write, pread, pwrite, seek, tell
std::span<const FunctionDef> FdFunctions();        // fd_ops.cc: the other fd_* calls
std::span<const FunctionDef> ReaddirFunctions();   // fd_readdir.cc
std::span<const FunctionDef> PathOpenFunctions();  // path_open.cc
std::span<const FunctionDef> PathFunctions();      // path_ops.cc: the other path_* calls
std::span<const FunctionDef> PollFunctions();      // poll.cc
std::span<const FunctionDef> SockFunctions();      // sock_ops.cc

// Waits until `fd` is readable (POLLIN) or writable (POLLOUT), unless the entry is
// non-blocking (then EAGAIN when not ready). EINTR when the cell is cancelled.
Errno WaitReady(WasiCall& call, const FdEntry& entry, short events);

// Runs a host I/O call returning a count or -1 (errno), retrying EINTR.
template <class F>
ErrnoOr<size_t> RetryIo(F io) {
  for (;;) {
    auto n = io();
    if (n >= 0) return static_cast<size_t>(n);
    if (errno != EINTR) return ErrnoFromHost(errno);
  }
}

// sendmsg (never raising SIGPIPE) or recvmsg over `iov`, retrying EINTR; the received
// message's flags in *msg_flags when asked.
ErrnoOr<size_t> SocketIo(int fd, std::vector<iovec>& iov, bool send, int flags, int* msg_flags);

// The host open(2) access mode and flags for a file with `rights` and `fdflags`: read,
// write or both as the rights need, APPEND and the sync flags (path_open, Restore).
int HostAccessFlags(Rights rights, FdFlags fdflags);

// Opens `path` below `dir` as path_open does: never blocking on a fifo or taking a
// controlling terminal; the opened file's host stat in `*st`.
ErrnoOr<os::UniqueFd> OpenBelow(const PathResolver& paths, int dir, std::string_view path, int flags, bool follow,
                                struct stat* st);

// Writes `stat` (after the FsView) as a witx filestat at `ptr`.
Errno StoreFilestat(WasiCall& call, uint32_t ptr, const FileRef& ref, Filestat stat);

}  // namespace cella::wasi
