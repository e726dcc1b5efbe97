// wasi/fs_view.h: FsView, what the guest observes of host file metadata, and Filestat,
// the witx filestat. Every filestat and directory listing passes through the view before
// the guest sees it: the host view shows them as they are; deterministic mode sorts
// listings by name and virtualises inode, device and timestamps here. Not thread-safe.
#pragma once

#include <sys/stat.h>

#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

#include "wasi/abi.h"
#include "wasi/fd_table.h"

namespace cella::wasi {

struct Filestat {
  uint64_t dev = 0;
  uint64_t ino = 0;
  FileType filetype = FileType::kUnknown;
  uint64_t nlink = 0;
  uint64_t size = 0;
  uint64_t atim = 0;  // nanoseconds since 1970
  uint64_t mtim = 0;
  uint64_t ctim = 0;
};

// Where a stat or listing comes from, in wasm terms.
struct FileRef {
  int32_t preopen = -1;   // -1: stdio or a socket
  std::string_view path;  // below the preopen
};

class FsView {
 public:
  virtual ~FsView() = default;
  virtual void AdjustStat(const FileRef& file, Filestat& stat) const = 0;
  // `entries` in the file system's order, "." and ".." included.
  virtual void AdjustListing(const FileRef& dir, std::vector<DirListingEntry>& entries) const = 0;
};

// Passes everything through unchanged.
std::unique_ptr<FsView> MakeHostFsView();

// The WASI file type of a host mode (`fd` >= 0 tells a socket's stream/datagram kind).
FileType FileTypeOf(mode_t mode, int fd = -1);
// The WASI file type of a DT_* value from a directory listing.
FileType FileTypeOfDirent(unsigned char d_type);
Filestat FilestatFromHost(const struct stat& st, int fd = -1);

}  // namespace cella::wasi
