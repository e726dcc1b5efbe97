// wasi/fd_table.cc: FdTable (see fd_table.h). Not thread-safe.
#include "wasi/fd_table.h"

namespace cella::wasi {

const char* FdKindName(FdKind kind) {
  switch (kind) {
    case FdKind::kFile: return "file";
    case FdKind::kDirectory: return "directory";
    case FdKind::kStream: return "stream";
    case FdKind::kListener: return "listener";
    case FdKind::kSocket: return "socket";
  }
  return "?";
}

ErrnoOr<FdEntry*> FdTable::Get(uint32_t fd, Rights required, Expect expect) {
  if (fd >= slots_.size() || !slots_[fd]) return Errno::kBadf;
  FdEntry* entry = slots_[fd].get();
  bool is_dir = entry->kind == FdKind::kDirectory;
  bool is_socket = entry->kind == FdKind::kSocket || entry->kind == FdKind::kListener;
  switch (expect) {
    case Expect::kAny: break;
    case Expect::kNotDir:
      if (is_dir) return Errno::kBadf;
      break;
    case Expect::kDir:
      if (!is_dir) return Errno::kNotdir;
      break;
    case Expect::kSocket:
      if (!is_socket) return Errno::kNotsock;
      break;
  }
  if ((entry->base & required) != required) return Errno::kNotcapable;
  return entry;
}

const FdEntry* FdTable::Find(uint32_t fd) const {
  return fd < slots_.size() ? slots_[fd].get() : nullptr;
}

ErrnoOr<uint32_t> FdTable::Insert(std::unique_ptr<FdEntry> entry) {
  if (open_ >= max_fds_) return Errno::kMfile;
  uint32_t fd = 3;
  while (fd < slots_.size() && slots_[fd]) ++fd;
  Set(fd, std::move(entry));
  return fd;
}

void FdTable::Set(uint32_t fd, std::unique_ptr<FdEntry> entry) {
  if (fd >= slots_.size()) slots_.resize(fd + 1);
  if (!slots_[fd]) ++open_;
  slots_[fd] = std::move(entry);
}

Errno FdTable::Close(uint32_t fd) {
  if (fd >= slots_.size() || !slots_[fd]) return Errno::kBadf;
  slots_[fd].reset();
  --open_;
  while (!slots_.empty() && !slots_.back()) slots_.pop_back();
  return Errno::kSuccess;
}

Errno FdTable::Renumber(uint32_t from, uint32_t to) {
  if (from >= slots_.size() || !slots_[from] || to >= slots_.size() || !slots_[to]) return Errno::kBadf;
  if (from == to) return Errno::kSuccess;
  slots_[to] = std::move(slots_[from]);
  --open_;
  while (!slots_.empty() && !slots_.back()) slots_.pop_back();
  return Errno::kSuccess;
}

uint32_t FdTable::AddPreopen(Preopen preopen) {
  preopens_.push_back(std::move(preopen));
  return static_cast<uint32_t>(preopens_.size() - 1);
}

std::vector<uint32_t> FdTable::OpenFds() const {
  std::vector<uint32_t> fds;
  for (uint32_t fd = 0; fd < slots_.size(); ++fd) {
    if (slots_[fd]) fds.push_back(fd);
  }
  return fds;
}

void FdTable::RenamePaths(int32_t from_preopen, const std::string& from, int32_t to_preopen,
                          const std::string& to) {
  if (from.empty()) return;
  for (auto& slot : slots_) {
    if (!slot || slot->preopen != from_preopen) continue;
    std::string& path = slot->path;
    if (path == from) {
      path = to;
    } else if (path.size() > from.size() && path.compare(0, from.size(), from) == 0 && path[from.size()] == '/') {
      path = to + path.substr(from.size());
    } else {
      continue;
    }
    slot->preopen = to_preopen;
  }
}

std::string JoinGuestPath(const std::string& base, const std::string& path) {
  std::string out = base;
  size_t i = 0;
  while (i <= path.size()) {
    size_t slash = path.find('/', i);
    if (slash == std::string::npos) slash = path.size();
    std::string_view part(path.data() + i, slash - i);
    if (!part.empty() && part != ".") {
      if (!out.empty()) out += '/';
      out += part;
    }
    i = slash + 1;
  }
  return out;
}

}  // namespace cella::wasi
