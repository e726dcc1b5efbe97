// wasi/path.cc: PathResolver — openat2(RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS), and the
// component walk used when the kernel lacks it. Both give the same answers: ENOTCAPABLE
// for anything that would leave the base directory, ELOOP for magic links and loops.
// Thread-safe.
#include "wasi/path.h"

#include <fcntl.h>
#include <linux/magic.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <deque>
#include <vector>

#include "os/openat2.h"

namespace cella::wasi {
namespace {

std::atomic<bool> g_kernel_lacks_openat2{false};

constexpr uint64_t kResolveFlags = os::kResolveBeneath | os::kResolveNoMagicLinks;
constexpr int kOpenat2Retries = 4;  // EAGAIN: a concurrent rename; retry, then walk

struct Identity {
  dev_t dev = 0;
  ino_t ino = 0;
  bool operator==(const Identity&) const = default;
};

ErrnoOr<Identity> IdentityOf(int fd) {
  struct stat st {};
  if (::fstat(fd, &st) != 0) return ErrnoFromHost(errno);
  return Identity{st.st_dev, st.st_ino};
}

bool OnProcfs(int fd) {
  struct statfs fs {};
  return ::fstatfs(fd, &fs) == 0 && fs.f_type == PROC_SUPER_MAGIC;
}

ErrnoOr<os::UniqueFd> OpenAt(int dir, const char* name, int flags, mode_t mode) {
  for (;;) {
    int fd = ::openat(dir, name, flags | O_CLOEXEC, mode);
    if (fd >= 0) return os::UniqueFd(fd);
    if (errno != EINTR) return ErrnoFromHost(errno);
  }
}

// Splits `path` into its components (empty ones dropped) in front of `out`.
void PushFrontComponents(std::deque<std::string>& out, std::string_view path) {
  std::vector<std::string> parts;
  size_t i = 0;
  while (i < path.size()) {
    size_t slash = path.find('/', i);
    if (slash == std::string_view::npos) slash = path.size();
    if (slash > i) parts.emplace_back(path.substr(i, slash - i));
    i = slash + 1;
  }
  for (auto it = parts.rbegin(); it != parts.rend(); ++it) out.push_front(std::move(*it));
}

// The fallback: resolves `path` below `base` one component at a time. Every component is
// opened with O_PATH | O_NOFOLLOW and examined through that descriptor: a symlink's text
// is read from it and spliced into the remaining path; a directory becomes the next
// step. `..` is taken only above the base's depth and must lead back to the very
// directory the walk came from (a concurrent rename cannot move the walk out).
ErrnoOr<os::UniqueFd> WalkOpen(int base, std::string_view path, int flags, mode_t mode, bool follow_final) {
  std::deque<std::string> parts;
  PushFrontComponents(parts, path);
  bool trailing = path.back() == '/';
  WASI_ASSIGN_OR_RETURN(Identity root, IdentityOf(base));
  std::vector<Identity> stack{root};
  os::UniqueFd cur_owned;
  int cur = base;
  int links = 0;
  if (parts.empty()) return OpenAt(cur, ".", flags, mode);
  while (!parts.empty()) {
    std::string part = std::move(parts.front());
    parts.pop_front();
    bool last = parts.empty();
    if (part == "." || part == "..") {
      if (part == "..") {
        if (stack.size() == 1) return Errno::kNotcapable;
        WASI_ASSIGN_OR_RETURN(os::UniqueFd up, OpenAt(cur, "..", O_PATH | O_DIRECTORY, 0));
        WASI_ASSIGN_OR_RETURN(Identity id, IdentityOf(up.get()));
        if (!(id == stack[stack.size() - 2])) return Errno::kNotcapable;  // moved meanwhile
        stack.pop_back();
        cur_owned = std::move(up);
        cur = cur_owned.get();
      }
      if (last) return OpenAt(cur, ".", flags, mode);
      continue;
    }
    int final_flags = flags | O_NOFOLLOW | (trailing ? O_DIRECTORY : 0);
    if (last && !follow_final && !trailing) return OpenAt(cur, part.c_str(), final_flags, mode);
    ErrnoOr<os::UniqueFd> probe = OpenAt(cur, part.c_str(), O_PATH | O_NOFOLLOW, 0);
    if (!probe.ok()) {
      // A missing final component: create it (O_CREAT) or report ENOENT, as open does.
      if (last && probe.error() == Errno::kNoent) return OpenAt(cur, part.c_str(), final_flags, mode);
      return probe.error();
    }
    struct stat st {};
    if (::fstat(probe->get(), &st) != 0) return ErrnoFromHost(errno);
    if (S_ISLNK(st.st_mode)) {
      if (++links > kMaxSymlinks) return Errno::kLoop;
      WASI_ASSIGN_OR_RETURN(std::string target, ReadLinkToFollow(probe->get(), ""));
      if (last && target.back() == '/') trailing = true;
      PushFrontComponents(parts, target);
      if (parts.empty()) parts.push_back(".");
      continue;
    }
    // Opened again by name with O_NOFOLLOW: if it became a symlink meanwhile, ELOOP.
    if (last) return OpenAt(cur, part.c_str(), final_flags, mode);
    if (!S_ISDIR(st.st_mode)) return Errno::kNotdir;
    stack.push_back(Identity{st.st_dev, st.st_ino});
    cur_owned = std::move(*probe);
    cur = cur_owned.get();
  }
  return Errno::kNoent;  // not reached: the loop returns at the last component
}

}  // namespace

bool PathResolver::uses_openat2() const {
  return !force_fallback_ && !g_kernel_lacks_openat2.load(std::memory_order_relaxed);
}

ErrnoOr<os::UniqueFd> PathResolver::OpenBeneath(int base, const std::string& path, int flags, mode_t mode,
                                                bool follow_final) const {
  if (path.empty()) return Errno::kNoent;
  if (path.front() == '/') return Errno::kNotcapable;
  if (uses_openat2()) {
    int how = flags | (follow_final ? 0 : O_NOFOLLOW);
    for (int attempt = 0; attempt < kOpenat2Retries; ++attempt) {
      int fd = os::Openat2(base, path.c_str(), how, mode, kResolveFlags);
      if (fd >= 0) return os::UniqueFd(fd);
      if (fd == -ENOSYS) {
        g_kernel_lacks_openat2.store(true, std::memory_order_relaxed);
        break;
      }
      if (fd == -EXDEV) return Errno::kNotcapable;  // `..`, an absolute path or symlink
      if (fd != -EAGAIN) return ErrnoFromHost(-fd);
    }
  }
  return WalkOpen(base, path, flags, mode, follow_final);
}

ErrnoOr<os::UniqueFd> PathResolver::Open(int base, std::string_view path, int flags, mode_t mode,
                                         bool follow_final) const {
  return OpenBeneath(base, std::string(path), flags, mode, follow_final);
}

ErrnoOr<ParentAndName> PathResolver::Parent(int base, std::string_view path, bool follow_final) const {
  if (path.empty()) return Errno::kNoent;
  if (path.front() == '/') return Errno::kNotcapable;
  std::string current(path);
  for (int links = 0;;) {
    std::string parent, name;
    bool trailing = false;
    SplitFinal(current, &parent, &name, &trailing);
    ParentAndName out;
    out.trailing_slash = trailing;
    if (name == "." || name == "..") {
      // The path names a directory reached through its last component: resolve it whole.
      WASI_ASSIGN_OR_RETURN(out.owned, OpenBeneath(base, current, O_PATH | O_DIRECTORY, 0, true));
      out.dir = out.owned.get();
      return out;
    }
    if (parent.empty()) {
      out.dir = base;
    } else {
      WASI_ASSIGN_OR_RETURN(out.owned, OpenBeneath(base, parent, O_PATH | O_DIRECTORY, 0, true));
      out.dir = out.owned.get();
    }
    out.name = name;
    if (!follow_final) return out;
    struct stat st {};
    if (::fstatat(out.dir, name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0 || !S_ISLNK(st.st_mode)) return out;
    if (++links > kMaxSymlinks) return Errno::kLoop;
    WASI_ASSIGN_OR_RETURN(std::string target, ReadLinkToFollow(out.dir, name.c_str()));
    // The target is relative to the link's directory, which `parent` names from `base`.
    current = parent.empty() ? target : parent + "/" + target;
    if (trailing) current += "/";
  }
}

ErrnoOr<std::string> ReadLinkToFollow(int dir, const char* name) {
  char buffer[4097];
  ssize_t n = ::readlinkat(dir, name, buffer, sizeof buffer);
  if (n < 0) return ErrnoFromHost(errno);
  if (static_cast<size_t>(n) == sizeof buffer) return Errno::kNametoolong;
  std::string target(buffer, static_cast<size_t>(n));
  if (target.empty()) return Errno::kNoent;
  bool absolute = target.front() == '/';
  // /proc's magic links (fd/N, root, cwd, exe, ns/*) read as absolute paths or "type:[id]":
  // refused as openat2's RESOLVE_NO_MAGICLINKS refuses them.
  if ((absolute || target.find(':') != std::string::npos) && OnProcfs(dir)) return Errno::kLoop;
  if (absolute) return Errno::kNotcapable;
  return target;
}

ErrnoOr<int> DepthBelow(int root, int dir) {
  WASI_ASSIGN_OR_RETURN(Identity top, IdentityOf(root));
  WASI_ASSIGN_OR_RETURN(os::UniqueFd cur, OpenAt(dir, ".", O_PATH | O_DIRECTORY, 0));
  for (int depth = 0; depth <= static_cast<int>(4096); ++depth) {
    WASI_ASSIGN_OR_RETURN(Identity here, IdentityOf(cur.get()));
    if (here == top) return depth;
    WASI_ASSIGN_OR_RETURN(os::UniqueFd up, OpenAt(cur.get(), "..", O_PATH | O_DIRECTORY, 0));
    WASI_ASSIGN_OR_RETURN(Identity above, IdentityOf(up.get()));
    if (above == here) return Errno::kNotcapable;  // reached "/" without meeting root
    cur = std::move(up);
  }
  return Errno::kNametoolong;
}

bool TargetStaysBelow(int depth, std::string_view target) {
  if (target.empty() || target.front() == '/') return false;
  size_t i = 0;
  while (i < target.size()) {
    size_t slash = target.find('/', i);
    if (slash == std::string_view::npos) slash = target.size();
    std::string_view part = target.substr(i, slash - i);
    if (part == "..") {
      if (--depth < 0) return false;
    } else if (!part.empty() && part != ".") {
      ++depth;
    }
    i = slash + 1;
  }
  return true;
}

void SplitFinal(std::string_view path, std::string* parent, std::string* name, bool* trailing_slash) {
  size_t end = path.size();
  while (end > 1 && path[end - 1] == '/') --end;
  *trailing_slash = end < path.size();
  std::string_view trimmed = path.substr(0, end);
  size_t slash = trimmed.rfind('/');
  if (slash == std::string_view::npos) {
    parent->clear();
    *name = std::string(trimmed);
    return;
  }
  *name = std::string(trimmed.substr(slash + 1));
  size_t parent_end = slash;
  while (parent_end > 0 && trimmed[parent_end - 1] == '/') --parent_end;
  *parent = std::string(trimmed.substr(0, parent_end));
}

}  // namespace cella::wasi
