// wasi/fd_table.h: the guest's descriptor table. Every WASI call reaches a descriptor only
// through FdTable::Get(fd, rights), which checks that the number is open, of the kind the
// call needs and holds the rights it needs. Each entry keeps its state in wasm terms
// (preopen, preopen-relative path, kind, rights, fdflags, file offset) so a snapshot can
// record and reopen it; the host descriptor is only the means. Not thread-safe.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "os/unique_fd.h"
#include "wasi/abi.h"
#include "wasi/errno.h"

namespace cella::wasi {

enum class FdKind : uint8_t {
  kFile,       // opened through path_open (regular file, device, fifo)
  kDirectory,  // a preopen or a directory opened through path_open
  kStream,     // stdin, stdout or stderr as granted (tty, pipe or file)
  kListener,   // a listening socket granted with --listen
  kSocket,     // a connection returned by sock_accept
};
const char* FdKindName(FdKind kind);

enum class StdioRole : uint8_t { kNone, kStdin, kStdout, kStderr };

// One directory entry as fd_readdir reports it.
struct DirListingEntry {
  std::string name;
  uint64_t ino = 0;
  FileType type = FileType::kUnknown;
  bool operator==(const DirListingEntry&) const = default;
};

struct FdEntry {
  FdKind kind = FdKind::kFile;
  os::UniqueFd host;
  FileType filetype = FileType::kUnknown;
  Rights base = 0;
  Rights inheriting = 0;
  FdFlags flags = 0;
  // Regular files use positioned I/O at `offset`, which is the authoritative position
  // (the host descriptor's own position is unused); other kinds use the host position.
  bool positioned = false;
  uint64_t offset = 0;
  int32_t preopen = -1;     // index into FdTable::preopens(); -1 for stdio and sockets
  std::string path;         // below the preopen, '/'-separated; "" = the preopen itself
  bool is_preopen = false;  // reported by fd_prestat_get
  StdioRole stdio = StdioRole::kNone;
  int32_t listener = -1;      // kListener: which granted listening socket (0, 1, ...)
  uint64_t stream_bytes = 0;  // stdin: bytes consumed; stdout/stderr: bytes written
  // fd_readdir's listing, read at cookie 0 and reused for later cookies.
  std::shared_ptr<const std::vector<DirListingEntry>> listing;
};

// A granted directory, kept for the cell's lifetime even when the guest closes its fd.
struct Preopen {
  std::string guest_path;  // what fd_prestat_dir_name reports
  std::string host_path;   // as granted (for messages and snapshots)
  bool writable = false;
  os::UniqueFd root;       // its own descriptor, kept when the guest closes its fd
};

class FdTable {
 public:
  // The kind a call needs; a mismatch is the errno the preview1 tests expect: a file
  // operation on a directory is EBADF, a path operation on a non-directory ENOTDIR, a
  // socket operation on a non-socket ENOTSOCK.
  enum class Expect : uint8_t { kAny, kNotDir, kDir, kSocket };

  explicit FdTable(uint32_t max_fds = 1024) : max_fds_(max_fds) {}

  // EBADF when `fd` is not open, the Expect errno for the wrong kind, ENOTCAPABLE when a
  // right in `required` is missing.
  ErrnoOr<FdEntry*> Get(uint32_t fd, Rights required, Expect expect = Expect::kAny);
  const FdEntry* Find(uint32_t fd) const;

  // Places an entry at the lowest free number from 3 up; EMFILE when max_fds are open.
  ErrnoOr<uint32_t> Insert(std::unique_ptr<FdEntry> entry);
  // Places an entry at `fd` (setup: stdio, preopens, sockets), replacing any there.
  void Set(uint32_t fd, std::unique_ptr<FdEntry> entry);
  Errno Close(uint32_t fd);
  // Moves `from` onto `to` (both must be open; `to`'s old entry is closed). Rights,
  // preopen and path travel with the entry.
  Errno Renumber(uint32_t from, uint32_t to);

  uint32_t AddPreopen(Preopen preopen);
  const std::vector<Preopen>& preopens() const { return preopens_; }

  // Open descriptor numbers in increasing order (for snapshots and tests).
  std::vector<uint32_t> OpenFds() const;
  // After a rename: every open entry whose path is `from` (or below it) under preopen
  // `from_preopen` now lives at `to` under `to_preopen`, so recorded paths stay true.
  void RenamePaths(int32_t from_preopen, const std::string& from, int32_t to_preopen, const std::string& to);

 private:
  std::vector<std::unique_ptr<FdEntry>> slots_;
  std::vector<Preopen> preopens_;
  uint32_t max_fds_;
  uint32_t open_ = 0;
};

// "a/b" joined with "c" → "a/b/c"; "." components and repeated '/' dropped (".." kept:
// only the kernel knows where it leads).
std::string JoinGuestPath(const std::string& base, const std::string& path);

}  // namespace cella::wasi
