// wasi/fs_view.cc: the host FsView and the host stat → witx filestat conversion.
// Not thread-safe.
#include "wasi/fs_view.h"

#include <dirent.h>
#include <sys/socket.h>

namespace cella::wasi {
namespace {

class HostFsView final : public FsView {
 public:
  void AdjustStat(const FileRef&, Filestat&) const override {}
  void AdjustListing(const FileRef&, std::vector<DirListingEntry>&) const override {}
  Result<FsViewState> Save() const override { return FsViewState{}; }
};

uint64_t Nanos(const timespec& ts) {
  if (ts.tv_sec < 0) return 0;
  return static_cast<uint64_t>(ts.tv_sec) * 1'000'000'000u + static_cast<uint64_t>(ts.tv_nsec);
}

}  // namespace

Result<FsViewState> FsView::Save() const {
  return MakeError(Errc::kUnsupported, "this cell's file-view hook cannot be saved (only the host's and the virtual one)");
}

std::unique_ptr<FsView> MakeHostFsView() { return std::make_unique<HostFsView>(); }

FileType FileTypeOf(mode_t mode, int fd) {
  if (S_ISREG(mode)) return FileType::kRegularFile;
  if (S_ISDIR(mode)) return FileType::kDirectory;
  if (S_ISCHR(mode)) return FileType::kCharacterDevice;
  if (S_ISBLK(mode)) return FileType::kBlockDevice;
  if (S_ISLNK(mode)) return FileType::kSymbolicLink;
  if (S_ISSOCK(mode)) {
    int type = SOCK_STREAM;
    socklen_t len = sizeof type;
    if (fd >= 0 && ::getsockopt(fd, SOL_SOCKET, SO_TYPE, &type, &len) == 0 && type == SOCK_DGRAM) {
      return FileType::kSocketDgram;
    }
    return FileType::kSocketStream;
  }
  return FileType::kUnknown;  // fifos: WASI has no type for them
}

FileType FileTypeOfDirent(unsigned char d_type) {
  switch (d_type) {
    case DT_REG: return FileType::kRegularFile;
    case DT_DIR: return FileType::kDirectory;
    case DT_CHR: return FileType::kCharacterDevice;
    case DT_BLK: return FileType::kBlockDevice;
    case DT_LNK: return FileType::kSymbolicLink;
    case DT_SOCK: return FileType::kSocketStream;
    default: return FileType::kUnknown;
  }
}

Filestat FilestatFromHost(const struct stat& st, int fd) {
  Filestat out;
  out.dev = static_cast<uint64_t>(st.st_dev);
  out.ino = static_cast<uint64_t>(st.st_ino);
  out.filetype = FileTypeOf(st.st_mode, fd);
  out.nlink = static_cast<uint64_t>(st.st_nlink);
  out.size = st.st_size < 0 ? 0 : static_cast<uint64_t>(st.st_size);
  out.atim = Nanos(st.st_atim);
  out.mtim = Nanos(st.st_mtim);
  out.ctim = Nanos(st.st_ctim);
  return out;
}

}  // namespace cella::wasi
