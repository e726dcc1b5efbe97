// wasi/sock_ops.cc: sock_accept, sock_recv, sock_send and sock_shutdown. A cell has
// sockets only when the command line granted a listening socket (--listen); accepted
// connections inherit its rights. Blocking waits go through WaitReady (cancellable).
// Never raises SIGPIPE (MSG_NOSIGNAL). Not thread-safe.
#include <sys/socket.h>

#include <cerrno>

#include "wasi/abi.h"
#include "wasi/host_call.h"
#include "wasi/rights.h"

namespace cella::wasi {
namespace {

Errno SockAccept(WasiCall& call) {
  WASI_ASSIGN_OR_RETURN(FdEntry * listener,
                        call.ctx.fds().Get(call.U32(0), kRightSockAccept, FdTable::Expect::kSocket));
  uint32_t flags = call.U32(1);
  if ((flags & ~static_cast<uint32_t>(kFdflagNonblock)) != 0) return Errno::kInval;
  if (listener->kind != FdKind::kListener) return Errno::kInval;
  WASI_ASSIGN_OR_RETURN(GuestSpan out, call.mem.Range(call.U32(2), 4, 4));
  WASI_TRY(WaitReady(call, *listener, POLLIN));
  WASI_ASSIGN_OR_RETURN(size_t fd,
                        RetryIo([&] { return ::accept4(listener->host.get(), nullptr, nullptr, SOCK_CLOEXEC); }));
  auto entry = std::make_unique<FdEntry>();
  entry->kind = FdKind::kSocket;
  entry->host = os::UniqueFd(static_cast<int>(fd));
  entry->filetype = FileType::kSocketStream;
  entry->base = listener->inheriting & kSocketRights;
  entry->flags = static_cast<FdFlags>(flags);
  WASI_ASSIGN_OR_RETURN(uint32_t new_fd, call.ctx.fds().Insert(std::move(entry)));
  out.Put<uint32_t>(0, new_fd);
  return Errno::kSuccess;
}

Errno SockRecv(WasiCall& call) {
  WASI_ASSIGN_OR_RETURN(FdEntry * e, call.ctx.fds().Get(call.U32(0), kRightFdRead, FdTable::Expect::kSocket));
  uint32_t riflags = call.U32(3);
  if ((riflags & ~(kRecvPeek | kRecvWaitall)) != 0) return Errno::kInval;
  WASI_ASSIGN_OR_RETURN(GuestSpan datalen, call.mem.Range(call.U32(4), 4, 4));
  WASI_ASSIGN_OR_RETURN(GuestSpan roflags, call.mem.Range(call.U32(5), 2, 2));
  WASI_ASSIGN_OR_RETURN(std::vector<iovec> iov, call.mem.IoVecs(call.U32(1), call.U32(2)));
  WASI_TRY(WaitReady(call, *e, POLLIN));
  int flags = ((riflags & kRecvPeek) != 0 ? MSG_PEEK : 0) | ((riflags & kRecvWaitall) != 0 ? MSG_WAITALL : 0);
  int msg_flags = 0;
  WASI_ASSIGN_OR_RETURN(size_t n, SocketIo(e->host.get(), iov, false, flags, &msg_flags));
  datalen.Put<uint32_t>(0, static_cast<uint32_t>(n));
  roflags.Put<uint16_t>(0, (msg_flags & MSG_TRUNC) != 0 ? kRecvDataTruncated : 0);
  return Errno::kSuccess;
}

Errno SockSend(WasiCall& call) {
  WASI_ASSIGN_OR_RETURN(FdEntry * e, call.ctx.fds().Get(call.U32(0), kRightFdWrite, FdTable::Expect::kSocket));
  if (call.U32(3) != 0) return Errno::kInval;  // siflags: none are defined
  WASI_ASSIGN_OR_RETURN(GuestSpan datalen, call.mem.Range(call.U32(4), 4, 4));
  WASI_ASSIGN_OR_RETURN(std::vector<iovec> iov, call.mem.IoVecs(call.U32(1), call.U32(2)));
  WASI_TRY(WaitReady(call, *e, POLLOUT));
  WASI_ASSIGN_OR_RETURN(size_t n, SocketIo(e->host.get(), iov, true, 0, nullptr));
  datalen.Put<uint32_t>(0, static_cast<uint32_t>(n));
  return Errno::kSuccess;
}

Errno SockShutdown(WasiCall& call) {
  WASI_ASSIGN_OR_RETURN(FdEntry * e, call.ctx.fds().Get(call.U32(0), kRightSockShutdown, FdTable::Expect::kSocket));
  uint32_t how = call.U32(1);
  int host_how;
  switch (how) {
    case kShutRd: host_how = SHUT_RD; break;
    case kShutWr: host_how = SHUT_WR; break;
    case kShutRd | kShutWr: host_how = SHUT_RDWR; break;
    default: return Errno::kInval;
  }
  return ::shutdown(e->host.get(), host_how) == 0 ? Errno::kSuccess : ErrnoFromHost(errno);
}

}  // namespace

ErrnoOr<size_t> SocketIo(int fd, std::vector<iovec>& iov, bool send, int flags, int* msg_flags) {
  msghdr msg{};
  msg.msg_iov = iov.data();
  msg.msg_iovlen = iov.size();
  ErrnoOr<size_t> n = RetryIo([&] {
    return send ? ::sendmsg(fd, &msg, flags | MSG_NOSIGNAL) : ::recvmsg(fd, &msg, flags);
  });
  if (msg_flags != nullptr) *msg_flags = msg.msg_flags;
  return n;
}

namespace {

constexpr FunctionDef kFunctions[] = {
    {"sock_accept", "iii", true, SockAccept},
    {"sock_recv", "iiiiii", true, SockRecv},
    {"sock_send", "iiiii", true, SockSend},
    {"sock_shutdown", "ii", true, SockShutdown},
};

}  // namespace

std::span<const FunctionDef> SockFunctions() { return kFunctions; }

}  // namespace cella::wasi
