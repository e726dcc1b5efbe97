// wasi/path_ops.cc: path_create_directory, path_filestat_get, path_filestat_set_times,
// path_link, path_readlink, path_remove_directory, path_rename, path_symlink and
// path_unlink_file. Each resolves its path(s) with PathResolver::Parent and acts with an
// *at call on the parent that never follows the final component. Trailing slashes follow
// Linux: the name must then be a directory. Not thread-safe.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <string>

#include "wasi/abi.h"
#include "wasi/host_call.h"
#include "wasi/time_flags.h"

namespace cella::wasi {
namespace {

// A guest path resolved below one of its directory descriptors.
struct Target {
  FdEntry* dir = nullptr;
  std::string path;  // as the guest wrote it
  ParentAndName at;
  bool self() const { return at.name.empty(); }  // names the directory itself ("."/"..")
  const char* name() const { return at.name.c_str(); }
  std::string joined() const { return JoinGuestPath(dir->path, path); }  // below the preopen
};

// Reports a successful change of `t` to the file view; passes `e` through.
Errno Noted(WasiCall& call, Errno e, FileChange::Kind kind, const Target& t) {
  if (e != Errno::kSuccess) return e;
  std::string path = t.joined();
  call.ctx.NoteChange({kind, {t.dir->preopen, path}});
  return e;
}

// How the final component is looked up: never followed (calls that change the name
// itself), followed when the lookupflags say so, or as stat(2) does: also when the guest
// wrote a trailing slash.
enum class Follow : uint8_t { kNever, kAsFlagged, kStatLike };

ErrnoOr<Target> Resolve(WasiCall& call, uint32_t fd, Rights rights, uint32_t path_ptr, uint32_t path_len,
                        Follow how, uint32_t lookupflags = 0) {
  Target t;
  WASI_ASSIGN_OR_RETURN(t.dir, call.ctx.fds().Get(fd, rights, FdTable::Expect::kDir));
  WASI_ASSIGN_OR_RETURN(t.path, call.mem.Path(path_ptr, path_len));
  bool follow = how != Follow::kNever && (lookupflags & kLookupSymlinkFollow) != 0;
  if (how == Follow::kStatLike && !t.path.empty() && t.path.back() == '/') follow = true;
  WASI_ASSIGN_OR_RETURN(t.at, call.ctx.paths().Parent(t.dir->host.get(), t.path, follow));
  return t;
}

ErrnoOr<struct stat> StatNoFollow(const Target& t) {
  struct stat st {};
  int rc =
      t.self() ? ::fstatat(t.at.dir, "", &st, AT_EMPTY_PATH) : ::fstatat(t.at.dir, t.name(), &st, AT_SYMLINK_NOFOLLOW);
  if (rc != 0) return ErrnoFromHost(errno);
  return st;
}

// "name/" must name a directory: ENOTDIR for anything else that exists.
Errno CheckTrailingDir(const Target& t) {
  if (!t.at.trailing_slash || t.self()) return Errno::kSuccess;
  WASI_ASSIGN_OR_RETURN(struct stat st, StatNoFollow(t));
  return S_ISDIR(st.st_mode) ? Errno::kSuccess : Errno::kNotdir;
}

// A new name with a trailing slash: EEXIST when something is there, else ENOENT.
Errno TrailingOnNewName(const Target& t) {
  if (!t.at.trailing_slash) return Errno::kSuccess;
  struct stat st {};
  return ::fstatat(t.at.dir, t.name(), &st, AT_SYMLINK_NOFOLLOW) == 0 ? Errno::kExist : Errno::kNoent;
}

Errno Check(int rc) { return rc == 0 ? Errno::kSuccess : ErrnoFromHost(errno); }

Errno PathCreateDirectory(WasiCall& call) {
  WASI_ASSIGN_OR_RETURN(
      Target t, Resolve(call, call.U32(0), kRightPathCreateDirectory, call.U32(1), call.U32(2), Follow::kNever));
  WASI_TRY(call.ctx.RequireWritable(*t.dir));
  if (t.self()) return Errno::kExist;
  return Noted(call, Check(::mkdirat(t.at.dir, t.name(), 0777)), FileChange::Kind::kCreated, t);
}

Errno PathFilestatGet(WasiCall& call) {
  WASI_ASSIGN_OR_RETURN(Target t, Resolve(call, call.U32(0), kRightPathFilestatGet, call.U32(2), call.U32(3),
                                          Follow::kStatLike, call.U32(1)));
  WASI_ASSIGN_OR_RETURN(struct stat st, StatNoFollow(t));
  if (t.at.trailing_slash && !S_ISDIR(st.st_mode)) return Errno::kNotdir;
  std::string path = t.joined();
  return StoreFilestat(call, call.U32(4), FileRef{t.dir->preopen, path}, FilestatFromHost(st));
}

Errno PathFilestatSetTimes(WasiCall& call) {
  timespec times[2];
  WASI_TRY(TimesFromFlags(call.U64(4), call.U64(5), call.U32(6), times));
  WASI_ASSIGN_OR_RETURN(Target t, Resolve(call, call.U32(0), kRightPathFilestatSetTimes, call.U32(2), call.U32(3),
                                          Follow::kStatLike, call.U32(1)));
  WASI_TRY(call.ctx.RequireWritable(*t.dir));
  WASI_TRY(CheckTrailingDir(t));
  Errno e = t.self() ? Check(::utimensat(t.at.dir, "", times, AT_EMPTY_PATH))
                     : Check(::utimensat(t.at.dir, t.name(), times, AT_SYMLINK_NOFOLLOW));
  if (e == Errno::kSuccess) {
    std::string path = t.joined();
    call.ctx.NoteChange(
        {FileChange::Kind::kTimesSet, {t.dir->preopen, path}, {}, call.U64(4), call.U64(5), call.U32(6)});
  }
  return e;
}

Errno PathLink(WasiCall& call) {
  WASI_ASSIGN_OR_RETURN(Target from, Resolve(call, call.U32(0), kRightPathLinkSource, call.U32(2), call.U32(3),
                                             Follow::kAsFlagged, call.U32(1)));
  WASI_ASSIGN_OR_RETURN(Target to,
                        Resolve(call, call.U32(4), kRightPathLinkTarget, call.U32(5), call.U32(6), Follow::kNever));
  WASI_TRY(call.ctx.RequireWritable(*from.dir));
  WASI_TRY(call.ctx.RequireWritable(*to.dir));
  if (from.self()) return Errno::kPerm;  // directories cannot be hard-linked
  if (to.self()) return Errno::kExist;
  if (from.at.trailing_slash) {
    WASI_ASSIGN_OR_RETURN(struct stat st, StatNoFollow(from));
    return S_ISDIR(st.st_mode) ? Errno::kPerm : Errno::kNotdir;
  }
  WASI_TRY(TrailingOnNewName(to));
  return Noted(call, Check(::linkat(from.at.dir, from.name(), to.at.dir, to.name(), 0)), FileChange::Kind::kCreated,
               to);
}

Errno PathReadlink(WasiCall& call) {
  WASI_ASSIGN_OR_RETURN(Target t,
                        Resolve(call, call.U32(0), kRightPathReadlink, call.U32(1), call.U32(2), Follow::kStatLike));
  WASI_ASSIGN_OR_RETURN(GuestSpan buf, call.mem.Range(call.U32(3), call.U32(4)));
  WASI_ASSIGN_OR_RETURN(GuestSpan bufused, call.mem.Range(call.U32(5), 4, 4));
  if (t.self()) return Errno::kInval;
  if (t.at.trailing_slash) {
    WASI_ASSIGN_OR_RETURN(struct stat st, StatNoFollow(t));
    return S_ISDIR(st.st_mode) ? Errno::kInval : Errno::kNotdir;
  }
  char text[GuestMemory::kMaxPath + 1];
  ssize_t n = ::readlinkat(t.at.dir, t.name(), text, sizeof text);
  if (n < 0) return ErrnoFromHost(errno);
  // Truncated to the guest's buffer, as readlink(2) does.
  size_t copied = static_cast<size_t>(n) < buf.size() ? static_cast<size_t>(n) : buf.size();
  buf.PutBytes(0, {reinterpret_cast<const uint8_t*>(text), copied});
  bufused.Put<uint32_t>(0, static_cast<uint32_t>(copied));
  return Errno::kSuccess;
}

Errno PathRemoveDirectory(WasiCall& call) {
  WASI_ASSIGN_OR_RETURN(Target t, Resolve(call, call.U32(0), kRightPathRemoveDirectory, call.U32(1), call.U32(2),
                                          Follow::kNever));
  WASI_TRY(call.ctx.RequireWritable(*t.dir));
  if (t.self()) {
    std::string parent, name;
    bool trailing = false;
    SplitFinal(t.path, &parent, &name, &trailing);
    return name == "." ? Errno::kInval : Errno::kNotempty;
  }
  return Noted(call, Check(::unlinkat(t.at.dir, t.name(), AT_REMOVEDIR)), FileChange::Kind::kRemoved, t);
}

Errno PathRename(WasiCall& call) {
  WASI_ASSIGN_OR_RETURN(Target from, Resolve(call, call.U32(0), kRightPathRenameSource, call.U32(1), call.U32(2),
                                             Follow::kNever));
  WASI_ASSIGN_OR_RETURN(Target to,
                        Resolve(call, call.U32(3), kRightPathRenameTarget, call.U32(4), call.U32(5), Follow::kNever));
  WASI_TRY(call.ctx.RequireWritable(*from.dir));
  WASI_TRY(call.ctx.RequireWritable(*to.dir));
  if (from.self() || to.self()) return Errno::kBusy;
  if (from.at.trailing_slash || to.at.trailing_slash) {
    WASI_ASSIGN_OR_RETURN(struct stat st, StatNoFollow(from));
    if (!S_ISDIR(st.st_mode)) return Errno::kNotdir;
  }
  WASI_TRY(Check(::renameat(from.at.dir, from.name(), to.at.dir, to.name())));
  std::string from_path = from.joined(), to_path = to.joined();
  call.ctx.fds().RenamePaths(from.dir->preopen, from_path, to.dir->preopen, to_path);
  call.ctx.NoteChange({FileChange::Kind::kRenamed, {from.dir->preopen, from_path}, {to.dir->preopen, to_path}});
  return Errno::kSuccess;
}

// Symlinks that could only lead out of their grant (absolute, or more ".." than the
// link's depth below the granted directory) are refused at creation (ENOTCAPABLE): they
// could never be followed inside the cell, and would mislead whoever reads the
// directory on the host afterwards.
Errno PathSymlink(WasiCall& call) {
  WASI_ASSIGN_OR_RETURN(std::string target, call.mem.Path(call.U32(0), call.U32(1)));
  WASI_ASSIGN_OR_RETURN(Target t,
                        Resolve(call, call.U32(2), kRightPathSymlink, call.U32(3), call.U32(4), Follow::kNever));
  WASI_TRY(call.ctx.RequireWritable(*t.dir));
  if (t.self()) return Errno::kExist;
  WASI_TRY(TrailingOnNewName(t));
  if (target.empty()) return Errno::kNoent;
  if (target.front() == '/') return Errno::kNotcapable;
  const Preopen& preopen = call.ctx.fds().preopens()[static_cast<size_t>(t.dir->preopen)];
  WASI_ASSIGN_OR_RETURN(int depth, DepthBelow(preopen.root.get(), t.at.dir));
  if (!TargetStaysBelow(depth, target)) return Errno::kNotcapable;
  return Noted(call, Check(::symlinkat(target.c_str(), t.at.dir, t.name())), FileChange::Kind::kCreated, t);
}

Errno PathUnlinkFile(WasiCall& call) {
  WASI_ASSIGN_OR_RETURN(Target t,
                        Resolve(call, call.U32(0), kRightPathUnlinkFile, call.U32(1), call.U32(2), Follow::kNever));
  WASI_TRY(call.ctx.RequireWritable(*t.dir));
  if (t.self()) return Errno::kIsdir;
  if (t.at.trailing_slash) {
    WASI_ASSIGN_OR_RETURN(struct stat st, StatNoFollow(t));
    return S_ISDIR(st.st_mode) ? Errno::kIsdir : Errno::kNotdir;
  }
  return Noted(call, Check(::unlinkat(t.at.dir, t.name(), 0)), FileChange::Kind::kRemoved, t);
}

constexpr FunctionDef kFunctions[] = {
    {"path_create_directory", "iii", true, PathCreateDirectory},
    {"path_filestat_get", "iiiii", true, PathFilestatGet},
    {"path_filestat_set_times", "iiiiIIi", true, PathFilestatSetTimes},
    {"path_link", "iiiiiii", true, PathLink},
    {"path_readlink", "iiiiii", true, PathReadlink},
    {"path_remove_directory", "iii", true, PathRemoveDirectory},
    {"path_rename", "iiiiii", true, PathRename},
    {"path_symlink", "iiiii", true, PathSymlink},
    {"path_unlink_file", "iii", true, PathUnlinkFile},
};

}  // namespace

std::span<const FunctionDef> PathFunctions() { return kFunctions; }

}  // namespace cella::wasi
