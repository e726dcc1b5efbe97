// os/directory.cc: OpenDirectory, OpenStreamFile and ListDirectory (see directory.h).
// Thread-safe.
#include "os/directory.h"

#include <dirent.h>
#include <fcntl.h>

#include <cerrno>

#include "os/errno_error.h"

namespace cella::os {

Result<UniqueFd> OpenDirectory(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return ErrnoError("open directory " + path, errno, Errc::kIo);
  return UniqueFd(fd);
}

Result<UniqueFd> OpenStreamFile(const std::string& path, bool write) {
  int flags = write ? O_WRONLY | O_CREAT | O_TRUNC : O_RDONLY;
  int fd = ::open(path.c_str(), flags | O_CLOEXEC, 0644);
  if (fd < 0) return ErrnoError(std::string(write ? "create " : "open ") + path, errno, Errc::kIo);
  return UniqueFd(fd);
}

int ListDirectory(int dirfd, std::vector<DirEntryInfo>* out) {
  int fd = ::openat(dirfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return errno;
  DIR* dir = ::fdopendir(fd);
  if (dir == nullptr) {
    int err = errno;
    ::close(fd);
    return err;
  }
  out->clear();
  errno = 0;
  while (dirent* entry = ::readdir(dir)) {
    out->push_back(DirEntryInfo{entry->d_name, entry->d_ino, entry->d_type});
    errno = 0;
  }
  int err = errno;
  ::closedir(dir);
  return err;
}

}  // namespace cella::os
