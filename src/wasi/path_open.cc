// wasi/path_open.cc: path_open. The new descriptor's rights are the requested ones within
// the directory's inheriting rights; asking to create or truncate needs the directory's
// rights for it, and asking for a right that writes needs it to be inheritable
// (ENOTCAPABLE). Under a read-only grant the host file is always opened O_RDONLY.
// Not thread-safe.
#include <fcntl.h>
#include <sys/stat.h>

#include "wasi/abi.h"
#include "wasi/host_call.h"
#include "wasi/rights.h"

namespace cella::wasi {
namespace {

int HostFlags(uint32_t oflags, FdFlags fdflags, Rights rights) {
  int flags = HostAccessFlags(rights, fdflags);
  if ((oflags & kOflagCreat) != 0) flags |= O_CREAT;
  if ((oflags & kOflagDirectory) != 0) flags |= O_DIRECTORY;
  if ((oflags & kOflagExcl) != 0) flags |= O_EXCL;
  if ((oflags & kOflagTrunc) != 0) flags |= O_TRUNC;
  return flags;
}

Errno PathOpen(WasiCall& call) {
  uint32_t dirflags = call.U32(1), oflags = call.U32(4), fdflags = call.U32(7);
  Rights want_base = call.U64(5), want_inheriting = call.U64(6);
  if ((oflags & ~kOflagsAll) != 0 || (fdflags & ~static_cast<uint32_t>(kFdflagsAll)) != 0) return Errno::kInval;
  Rights needed = kRightPathOpen;
  if ((oflags & kOflagCreat) != 0) needed |= kRightPathCreateFile;
  if ((oflags & kOflagTrunc) != 0) needed |= kRightPathFilestatSetSize;
  if ((fdflags & (kFdflagDsync | kFdflagRsync | kFdflagSync)) != 0) needed |= kRightFdDatasync | kRightFdSync;
  WASI_ASSIGN_OR_RETURN(FdEntry * dir, call.ctx.fds().Get(call.U32(0), needed, FdTable::Expect::kDir));
  WASI_ASSIGN_OR_RETURN(std::string path, call.mem.Path(call.U32(2), call.U32(3)));
  WASI_ASSIGN_OR_RETURN(GuestSpan out, call.mem.Range(call.U32(8), 4, 4));
  if ((want_base & kWriteIntentRights & ~dir->inheriting) != 0) return Errno::kNotcapable;
  Rights base = want_base & dir->inheriting;
  Rights inheriting = want_inheriting & dir->inheriting;
  bool mutating = (oflags & (kOflagCreat | kOflagTrunc)) != 0 || (base & kWriteIntentRights) != 0;
  if (mutating) WASI_TRY(call.ctx.RequireWritable(*dir));

  int flags = HostFlags(oflags, static_cast<FdFlags>(fdflags), base);
  bool follow = (dirflags & kLookupSymlinkFollow) != 0 && (oflags & kOflagExcl) == 0;
  bool creates = (oflags & kOflagCreat) != 0;
  if (creates && (oflags & kOflagExcl) == 0 && call.ctx.fs_view().tracks_changes()) {
    // The file view records creations: learn whether this open creates the file.
    creates = !call.ctx.paths().Open(dir->host.get(), path, O_PATH, 0, follow).ok();
  }
  struct stat st {};
  WASI_ASSIGN_OR_RETURN(os::UniqueFd fd, OpenBelow(call.ctx.paths(), dir->host.get(), path, flags, follow, &st));

  bool writable = call.ctx.RequireWritable(*dir) == Errno::kSuccess;
  auto entry = std::make_unique<FdEntry>();
  entry->filetype = FileTypeOf(st.st_mode, fd.get());
  if (S_ISDIR(st.st_mode)) {
    entry->kind = FdKind::kDirectory;
    entry->base = base & (writable ? kDirRightsRw : kDirRightsRo);
    entry->inheriting = inheriting;
  } else {
    entry->kind = FdKind::kFile;
    Rights allowed = writable ? kFileRightsRw : kFileRightsRo;
    int mode = flags & O_ACCMODE;
    if (mode == O_RDONLY) allowed &= ~kWriteIntentRights;
    if (mode == O_WRONLY) allowed &= ~kRightFdRead;
    entry->base = base & allowed;
    entry->inheriting = 0;
    entry->positioned = S_ISREG(st.st_mode);
  }
  entry->host = std::move(fd);
  entry->flags = static_cast<FdFlags>(fdflags);
  entry->preopen = dir->preopen;
  std::string joined = JoinGuestPath(dir->path, path);
  entry->path = joined;
  int32_t preopen = dir->preopen;
  WASI_ASSIGN_OR_RETURN(uint32_t new_fd, call.ctx.fds().Insert(std::move(entry)));
  out.Put<uint32_t>(0, new_fd);
  if (creates || (oflags & kOflagTrunc) != 0) {
    call.ctx.NoteChange({creates ? FileChange::Kind::kCreated : FileChange::Kind::kWritten, {preopen, joined}});
  }
  return Errno::kSuccess;
}

constexpr FunctionDef kFunctions[] = {
    {"path_open", "iiiiiIIii", true, PathOpen},
};

}  // namespace

std::span<const FunctionDef> PathOpenFunctions() { return kFunctions; }

int HostAccessFlags(Rights rights, FdFlags fdflags) {
  bool write = (rights & kWriteIntentRights) != 0;
  bool read = (rights & kReadIntentRights) != 0 || !write;
  int flags = write ? (read ? O_RDWR : O_WRONLY) : O_RDONLY;
  if ((fdflags & kFdflagAppend) != 0) flags |= O_APPEND;
  if ((fdflags & kFdflagDsync) != 0) flags |= O_DSYNC;
  if ((fdflags & kFdflagSync) != 0) flags |= O_SYNC;
  if ((fdflags & kFdflagRsync) != 0) flags |= O_RSYNC;
  return flags;
}

ErrnoOr<os::UniqueFd> OpenBelow(const PathResolver& paths, int dir, std::string_view path, int flags, bool follow,
                                struct stat* st) {
  // Opening a fifo must not block the cell; O_NONBLOCK is cleared again after the open.
  WASI_ASSIGN_OR_RETURN(os::UniqueFd fd, paths.Open(dir, path, flags | O_NONBLOCK | O_NOCTTY, 0666, follow));
  if (::fstat(fd.get(), st) != 0) return ErrnoFromHost(errno);
  int host_flags = ::fcntl(fd.get(), F_GETFL);
  if (host_flags >= 0) ::fcntl(fd.get(), F_SETFL, host_flags & ~O_NONBLOCK);
  return fd;
}

}  // namespace cella::wasi
