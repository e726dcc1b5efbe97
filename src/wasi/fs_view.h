// wasi/fs_view.h: FsView, what the guest observes of host file metadata, and Filestat,
// the witx filestat. Every filestat and directory listing passes through the view before
// the guest sees it, and every change the guest makes to a file is reported to it: the
// host view shows metadata as it is; deterministic mode sorts listings by name and
// virtualises inode, device and timestamps here. Not thread-safe.
#pragma once

#include <sys/stat.h>

#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "wasi/abi.h"
#include "wasi/fd_table.h"
#include "wasi/wasi_state.h"

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
  StdioRole stdio = StdioRole::kNone;
};

// A change the guest made below a preopen, after it succeeded.
struct FileChange {
  enum class Kind : uint8_t {
    kCreated,   // a new name: file (path_open), directory, symlink or hard link
    kWritten,   // contents or size changed (write, pwrite, truncate, allocate)
    kTimesSet,  // fd_filestat_set_times / path_filestat_set_times with `fst_flags`
    kRemoved,   // unlinked or removed
    kRenamed,   // `file` is now `to` (with everything below it)
  };
  Kind kind = Kind::kWritten;
  FileRef file{};
  FileRef to{};             // kRenamed
  uint64_t atim = 0, mtim = 0;  // kTimesSet
  uint32_t fst_flags = 0;       // kTimesSet
};

class FsView {
 public:
  virtual ~FsView() = default;
  virtual void AdjustStat(const FileRef& file, Filestat& stat) const = 0;
  // `entries` in the file system's order, "." and ".." included.
  virtual void AdjustListing(const FileRef& dir, std::vector<DirListingEntry>& entries) const = 0;
  // Whether Note wants to hear of changes (WasiCtx::NoteChange skips the work if not).
  virtual bool tracks_changes() const { return false; }
  // `change` happened at realtime `now`.
  virtual void Note(const FileChange& /*change*/, uint64_t /*now*/) {}
  // The view's state for WasiCtx::Capture; kUnsupported for a view that cannot say.
  virtual Result<FsViewState> Save() const;
};

// Passes everything through unchanged.
std::unique_ptr<FsView> MakeHostFsView();

// The WASI file type of a host mode (`fd` >= 0 tells a socket's stream/datagram kind).
FileType FileTypeOf(mode_t mode, int fd = -1);
// The WASI file type of a DT_* value from a directory listing.
FileType FileTypeOfDirent(unsigned char d_type);
Filestat FilestatFromHost(const struct stat& st, int fd = -1);

}  // namespace cella::wasi
