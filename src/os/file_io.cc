// os/file_io.cc: ReadFile, WriteExisting, WriteFileAtomic and RemoveTree (see file_io.h).
// Every failure names the path and errno. Thread-safe.
#include "os/file_io.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <vector>

#include "os/errno_error.h"
#include "os/unique_fd.h"

namespace cella::os {
namespace {

Status WriteAll(int fd, std::string_view data, const std::string& path) {
  while (!data.empty()) {
    ssize_t n = ::write(fd, data.data(), data.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return ErrnoError("write(" + path + ")", errno, Errc::kIo);
    }
    data.remove_prefix(static_cast<size_t>(n));
  }
  return OkStatus();
}

std::string DirName(const std::string& path) {
  size_t slash = path.rfind('/');
  if (slash == std::string::npos) return ".";
  if (slash == 0) return "/";
  return path.substr(0, slash);
}

// Removes the entries of the directory `dir_fd` (named `path` in errors).
Status RemoveContents(int dir_fd, const std::string& path) {
  int fd = ::openat(dir_fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return ErrnoError("open(" + path + ")", errno, Errc::kIo);
  DIR* dir = ::fdopendir(fd);
  if (dir == nullptr) {
    int err = errno;
    ::close(fd);
    return ErrnoError("fdopendir(" + path + ")", err, Errc::kIo);
  }
  std::vector<std::pair<std::string, bool>> entries;
  while (dirent* entry = ::readdir(dir)) {
    std::string_view name = entry->d_name;
    if (name == "." || name == "..") continue;
    entries.emplace_back(std::string(name), entry->d_type == DT_DIR);
  }
  ::closedir(dir);
  for (const auto& [name, is_dir] : entries) {
    std::string child = path + "/" + name;
    if (!is_dir) {
      if (::unlinkat(dir_fd, name.c_str(), 0) == 0 || errno == ENOENT) continue;
      if (errno != EISDIR) return ErrnoError("unlink(" + child + ")", errno, Errc::kIo);
    }
    // Overlayfs leaves its work directory with mode 0; make it listable first.
    ::fchmodat(dir_fd, name.c_str(), 0700, 0);
    UniqueFd child_fd(::openat(dir_fd, name.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
    if (!child_fd) return ErrnoError("open(" + child + ")", errno, Errc::kIo);
    CELLA_TRY(RemoveContents(child_fd.get(), child));
    if (::unlinkat(dir_fd, name.c_str(), AT_REMOVEDIR) != 0 && errno != ENOENT) {
      return ErrnoError("rmdir(" + child + ")", errno, Errc::kIo);
    }
  }
  return OkStatus();
}

}  // namespace

namespace {

// Reads the whole file into `out` (a byte container). A regular file is read straight
// into a buffer of its size (one allocation, no copy); anything beyond that size (the
// file may grow meanwhile), and files whose size stat cannot tell (/proc, pipes), are
// read on in chunks and appended until end of file.
template <typename Bytes>
Status ReadWhole(const std::string& path, Bytes& out) {
  UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (!fd) return ErrnoError("open(" + path + ")", errno, Errc::kIo);
  struct stat st {};
  size_t size = 0;
  if (::fstat(fd.get(), &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0) size = static_cast<size_t>(st.st_size);
  out.resize(size);
  size_t done = 0;
  char chunk[8192];
  for (;;) {
    const bool into_out = done < out.size();
    ssize_t n = into_out ? ::read(fd.get(), out.data() + done, out.size() - done)
                         : ::read(fd.get(), chunk, sizeof chunk);
    if (n < 0) {
      if (errno == EINTR) continue;
      return ErrnoError("read(" + path + ")", errno, Errc::kIo);
    }
    if (n == 0) break;
    if (!into_out) out.insert(out.end(), chunk, chunk + n);
    done += static_cast<size_t>(n);
  }
  out.resize(done);  // a file that shrank meanwhile
  return OkStatus();
}

}  // namespace

Result<std::string> ReadFile(const std::string& path) {
  std::string out;
  CELLA_TRY(ReadWhole(path, out));
  return out;
}

Result<std::vector<uint8_t>> ReadFileBytes(const std::string& path) {
  std::vector<uint8_t> out;
  CELLA_TRY(ReadWhole(path, out));
  return out;
}

Status WriteExisting(const std::string& path, std::string_view data) {
  UniqueFd fd(::open(path.c_str(), O_WRONLY | O_CLOEXEC));
  if (!fd) return ErrnoError("open(" + path + ")", errno, Errc::kIo);
  ssize_t n = ::write(fd.get(), data.data(), data.size());
  if (n < 0) return ErrnoError("write(" + path + ", \"" + std::string(data) + "\")", errno, Errc::kIo);
  return OkStatus();
}

Status WriteFileAtomic(const std::string& path, std::string_view data, unsigned mode) {
  std::string temp = path + ".tmp-XXXXXX";
  UniqueFd fd(::mkostemp(temp.data(), O_CLOEXEC));
  if (!fd) return ErrnoError("mkostemp(" + temp + ")", errno, Errc::kIo);
  Status status = WriteAll(fd.get(), data, temp);
  if (status.ok() && ::fchmod(fd.get(), mode) != 0) status = ErrnoError("fchmod(" + temp + ")", errno, Errc::kIo);
  if (status.ok() && ::fsync(fd.get()) != 0) status = ErrnoError("fsync(" + temp + ")", errno, Errc::kIo);
  if (status.ok() && ::rename(temp.c_str(), path.c_str()) != 0) {
    status = ErrnoError("rename(" + temp + " → " + path + ")", errno, Errc::kIo);
  }
  if (!status.ok()) {
    ::unlink(temp.c_str());
    return status;
  }
  UniqueFd dir(::open(DirName(path).c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (dir) ::fsync(dir.get());  // best effort: the data itself is already durable
  return OkStatus();
}

Status RemoveTree(const std::string& path) {
  struct stat st{};
  if (::lstat(path.c_str(), &st) != 0) {
    if (errno == ENOENT) return OkStatus();
    return ErrnoError("lstat(" + path + ")", errno, Errc::kIo);
  }
  if (S_ISDIR(st.st_mode)) {
    ::chmod(path.c_str(), 0700);
    UniqueFd fd(::open(path.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
    if (!fd) return ErrnoError("open(" + path + ")", errno, Errc::kIo);
    CELLA_TRY(RemoveContents(fd.get(), path));
    if (::rmdir(path.c_str()) != 0 && errno != ENOENT) return ErrnoError("rmdir(" + path + ")", errno, Errc::kIo);
    return OkStatus();
  }
  if (::unlink(path.c_str()) != 0 && errno != ENOENT) return ErrnoError("unlink(" + path + ")", errno, Errc::kIo);
  return OkStatus();
}

}  // namespace cella::os
