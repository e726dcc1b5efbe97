// wasi/fd_readdir.cc: fd_readdir. A listing is read whole (with "." and "..") when the
// guest starts at cookie 0 and kept in the entry; entry i's d_next cookie is i + 1, so
// any cookie, even a forged one, is just an index (past the end: nothing). Entries that
// do not fit are cut at the buffer's end, as witx specifies. Not thread-safe.
#include <fcntl.h>
#include <sys/stat.h>

#include <memory>
#include <vector>

#include "os/directory.h"
#include "wasi/abi.h"
#include "wasi/host_call.h"

namespace cella::wasi {
namespace {

ErrnoOr<std::shared_ptr<const std::vector<DirListingEntry>>> ReadListing(WasiCall& call, const FdEntry& e) {
  std::vector<os::DirEntryInfo> raw;
  int err = os::ListDirectory(e.host.get(), &raw);
  if (err != 0) return ErrnoFromHost(err);
  std::vector<DirListingEntry> entries;
  entries.reserve(raw.size());
  for (os::DirEntryInfo& info : raw) {
    FileType type = FileTypeOfDirent(info.type);
    if (type == FileType::kUnknown) {
      struct stat st {};
      if (::fstatat(e.host.get(), info.name.c_str(), &st, AT_SYMLINK_NOFOLLOW) == 0) type = FileTypeOf(st.st_mode);
    }
    entries.push_back(DirListingEntry{std::move(info.name), info.ino, type});
  }
  call.ctx.fs_view().AdjustListing(FileRef{e.preopen, e.path}, entries);
  return std::make_shared<const std::vector<DirListingEntry>>(std::move(entries));
}

Errno FdReaddir(WasiCall& call) {
  WASI_ASSIGN_OR_RETURN(FdEntry * e, call.ctx.fds().Get(call.U32(0), kRightFdReaddir, FdTable::Expect::kDir));
  WASI_ASSIGN_OR_RETURN(GuestSpan buf, call.mem.Range(call.U32(1), call.U32(2)));
  WASI_ASSIGN_OR_RETURN(GuestSpan bufused, call.mem.Range(call.U32(4), 4, 4));
  uint64_t cookie = call.U64(3);
  if (cookie == 0 || !e->listing) {
    WASI_ASSIGN_OR_RETURN(e->listing, ReadListing(call, *e));
  }
  const std::vector<DirListingEntry>& entries = *e->listing;
  uint64_t used = 0;
  uint8_t header[layout::kDirentSize];
  for (uint64_t i = cookie; i < entries.size() && used < buf.size(); ++i) {
    const DirListingEntry& entry = entries[i];
    GuestSpan h(header);
    h.Zero();
    h.Put<uint64_t>(0, i + 1);
    h.Put<uint64_t>(8, entry.ino);
    h.Put<uint32_t>(16, static_cast<uint32_t>(entry.name.size()));
    h.Put<uint8_t>(20, static_cast<uint8_t>(entry.type));
    for (std::span<const uint8_t> part : {std::span<const uint8_t>(header),
                                          std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(entry.name.data()),
                                                                   entry.name.size())}) {
      size_t room = buf.size() - used;
      size_t n = part.size() < room ? part.size() : room;
      buf.PutBytes(static_cast<uint32_t>(used), part.first(n));
      used += n;
    }
  }
  bufused.Put<uint32_t>(0, static_cast<uint32_t>(used));
  return Errno::kSuccess;
}

constexpr FunctionDef kFunctions[] = {
    {"fd_readdir", "iiiIi", true, FdReaddir},
};

}  // namespace

std::span<const FunctionDef> ReaddirFunctions() { return kFunctions; }

}  // namespace cella::wasi
