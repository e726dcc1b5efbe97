// wasi/path.h: resolving guest paths below a directory descriptor, the C++ form of
// cap-std. A path can never lead outside the directory it is resolved from: absolute
// paths, `..` above it, absolute symlinks and symlinks climbing out are ENOTCAPABLE, /proc
// magic links ELOOP, loops ELOOP after 40 links. The kernel does it (openat2 with
// RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS); where it cannot (ENOSYS, or forced for tests),
// a component-by-component walk does the same with O_NOFOLLOW opens and reads each symlink
// through the descriptor it opened, so nothing is checked by name and then used by name.
// Thread-safe (no shared state but the "kernel lacks openat2" flag).
#pragma once

#include <sys/types.h>

#include <string>
#include <string_view>

#include "os/unique_fd.h"
#include "wasi/errno.h"

namespace cella::wasi {

// Most symlinks one resolution follows (Linux's MAXSYMLINKS).
constexpr int kMaxSymlinks = 40;

// The directory holding a path's final component, and that component.
struct ParentAndName {
  os::UniqueFd owned;   // empty when `dir` is the base descriptor itself
  int dir = -1;
  std::string name;     // "" when the path names `dir` itself (it ends in "." or "..")
  bool trailing_slash = false;  // the guest wrote "name/": it must be a directory
};

class PathResolver {
 public:
  explicit PathResolver(bool force_fallback = false) : force_fallback_(force_fallback) {}

  // True when resolution goes through openat2 (false: the fallback walk).
  bool uses_openat2() const;

  // open(2) of `path` below the directory `base` with `flags` (O_CLOEXEC added) and
  // `mode`. `follow_final`: whether a symlink as the final component is followed.
  ErrnoOr<os::UniqueFd> Open(int base, std::string_view path, int flags, mode_t mode, bool follow_final) const;

  // The parent directory and final name, for the *at calls that never follow the final
  // component (unlinkat, mkdirat, renameat, linkat, symlinkat, readlinkat, fstatat and
  // utimensat with AT_SYMLINK_NOFOLLOW). With `follow_final`, final symlinks are followed
  // (below `base`) first, so the name returned is not a symlink, or does not exist.
  ErrnoOr<ParentAndName> Parent(int base, std::string_view path, bool follow_final) const;

 private:
  ErrnoOr<os::UniqueFd> OpenBeneath(int base, const std::string& path, int flags, mode_t mode,
                                    bool follow_final) const;
  bool force_fallback_;
};

// The link text of `name` in `dir` as the path walk may follow it: ELOOP for a /proc magic
// link, ENOTCAPABLE for an absolute target, ENOENT for an empty one.
ErrnoOr<std::string> ReadLinkToFollow(int dir, const char* name);

// How many directories `dir` lies below `root` (0: it is `root`), found by walking `..`
// from `dir`; ENOTCAPABLE when `root` is not above it.
ErrnoOr<int> DepthBelow(int root, int dir);

// True when symlink text `target`, placed in a directory `depth` levels below a root,
// names something below that root without following other links (no leading '/', never
// more `..` than levels).
bool TargetStaysBelow(int depth, std::string_view target);

// Splits "a/b/c//" into parent "a/b", name "c" and trailing slash; "c" into "", "c".
void SplitFinal(std::string_view path, std::string* parent, std::string* name, bool* trailing_slash);

}  // namespace cella::wasi
