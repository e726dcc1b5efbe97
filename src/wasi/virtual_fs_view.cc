// wasi/virtual_fs_view.cc: deterministic mode's file view. Listings are sorted by name
// (bytes); a file's device is its preopen's index + 1 and its inode a hash of its
// normalised path below the preopen; nlink is 1 and directories have size 0 (both vary
// between file systems); times are the epoch unless the guest created, wrote or retimed
// the file, which records the virtual time of that change. Not thread-safe.
#include <algorithm>
#include <map>
#include <string>
#include <utility>

#include "wasi/abi.h"
#include "wasi/deterministic.h"

namespace cella::wasi {
namespace {

struct Times {
  uint64_t atim, mtim, ctim;
};

using Key = std::pair<int32_t, std::string>;

std::string ParentOf(const std::string& path) {
  size_t slash = path.rfind('/');
  return slash == std::string::npos ? std::string() : path.substr(0, slash);
}

std::string Child(const std::string& dir, const std::string& name) { return dir.empty() ? name : dir + "/" + name; }

bool IsBelow(const std::string& path, const std::string& dir) {
  return path.size() > dir.size() && path.compare(0, dir.size(), dir) == 0 && path[dir.size()] == '/';
}

class VirtualFsView final : public FsView {
 public:
  VirtualFsView(uint64_t epoch_ns, std::vector<FileTimes> times) : epoch_(epoch_ns) {
    for (FileTimes& t : times) times_[{t.preopen, std::move(t.path)}] = Times{t.atim, t.mtim, t.ctim};
  }

  void AdjustStat(const FileRef& file, Filestat& stat) const override {
    stat.nlink = 1;
    if (file.preopen < 0) {
      // stdio (inode 1, 2, 3 on device 0), presented as a pipe; sockets (inode 0).
      stat.dev = 0;
      stat.ino = static_cast<uint64_t>(file.stdio);
      if (file.stdio != StdioRole::kNone) {
        stat.filetype = FileType::kUnknown;
        stat.size = 0;
      }
      stat.atim = stat.mtim = stat.ctim = epoch_;
      return;
    }
    Key key{file.preopen, NormalisePath(file.path)};
    stat.dev = static_cast<uint64_t>(file.preopen) + 1;
    stat.ino = VirtualInode(key.second);
    if (stat.filetype == FileType::kDirectory) stat.size = 0;
    Times t = Get(key);
    stat.atim = t.atim;
    stat.mtim = t.mtim;
    stat.ctim = t.ctim;
  }

  void AdjustListing(const FileRef& dir, std::vector<DirListingEntry>& entries) const override {
    std::sort(entries.begin(), entries.end(),
              [](const DirListingEntry& a, const DirListingEntry& b) { return a.name < b.name; });
    std::string path = NormalisePath(dir.path);
    for (DirListingEntry& e : entries) {
      if (e.name == ".") {
        e.ino = VirtualInode(path);
      } else if (e.name == "..") {
        e.ino = VirtualInode(ParentOf(path));
      } else {
        e.ino = VirtualInode(Child(path, e.name));
      }
    }
  }

  bool tracks_changes() const override { return true; }

  void Note(const FileChange& change, uint64_t now) override {
    if (change.file.preopen < 0) return;
    Key key{change.file.preopen, NormalisePath(change.file.path)};
    switch (change.kind) {
      case FileChange::Kind::kCreated: times_[key] = Times{now, now, now}; break;
      case FileChange::Kind::kWritten: {
        Times t = Get(key);
        t.mtim = t.ctim = now;
        times_[key] = t;
        break;
      }
      case FileChange::Kind::kTimesSet: {
        Times t = Get(key);
        if ((change.fst_flags & kFstAtim) != 0) t.atim = change.atim;
        if ((change.fst_flags & kFstAtimNow) != 0) t.atim = now;
        if ((change.fst_flags & kFstMtim) != 0) t.mtim = change.mtim;
        if ((change.fst_flags & kFstMtimNow) != 0) t.mtim = now;
        t.ctim = now;
        times_[key] = t;
        break;
      }
      case FileChange::Kind::kRemoved: EraseTree(key); break;
      case FileChange::Kind::kRenamed: {
        if (change.to.preopen < 0) return;
        Key to{change.to.preopen, NormalisePath(change.to.path)};
        if (to == key) return;
        std::vector<std::pair<std::string, Times>> moved;  // suffixes below `key`, with their times
        auto it = times_.find(key);
        if (it != times_.end()) moved.emplace_back("", it->second);
        for (auto below = times_.lower_bound({key.first, key.second + "/"});
             below != times_.end() && below->first.first == key.first && IsBelow(below->first.second, key.second);
             ++below) {
          moved.emplace_back(below->first.second.substr(key.second.size()), below->second);
        }
        EraseTree(key);
        EraseTree(to);
        for (auto& [suffix, times] : moved) times_[{to.first, to.second + suffix}] = times;
        break;
      }
    }
  }

  Result<FsViewState> Save() const override {
    FsViewState state{FsViewState::Kind::kVirtual, epoch_, {}};
    for (const auto& [key, t] : times_) state.times.push_back(FileTimes{key.first, key.second, t.atim, t.mtim, t.ctim});
    return state;
  }

 private:
  Times Get(const Key& key) const {
    auto it = times_.find(key);
    return it != times_.end() ? it->second : Times{epoch_, epoch_, epoch_};
  }

  // `key` and everything below it.
  void EraseTree(const Key& key) {
    times_.erase(key);
    auto it = times_.lower_bound({key.first, key.second + "/"});
    while (it != times_.end() && it->first.first == key.first && IsBelow(it->first.second, key.second)) {
      it = times_.erase(it);
    }
  }

  uint64_t epoch_;
  std::map<Key, Times> times_;  // ordered by preopen, then path bytes: Save's canonical order
};

}  // namespace

std::unique_ptr<FsView> MakeVirtualFsView(uint64_t epoch_ns, std::vector<FileTimes> times) {
  return std::make_unique<VirtualFsView>(epoch_ns, std::move(times));
}

uint64_t VirtualInode(std::string_view normalised_path) {
  uint64_t hash = 0xcbf29ce484222325ull;  // FNV-1a 64
  for (char c : normalised_path) {
    hash ^= static_cast<uint8_t>(c);
    hash *= 0x100000001b3ull;
  }
  return hash == 0 ? 1 : hash;
}

std::string NormalisePath(std::string_view path) {
  std::vector<std::string_view> parts;
  size_t i = 0;
  while (i <= path.size()) {
    size_t slash = path.find('/', i);
    if (slash == std::string_view::npos) slash = path.size();
    std::string_view part = path.substr(i, slash - i);
    if (part == "..") {
      if (!parts.empty()) parts.pop_back();
    } else if (!part.empty() && part != ".") {
      parts.push_back(part);
    }
    i = slash + 1;
  }
  std::string out;
  for (std::string_view part : parts) {
    if (!out.empty()) out += '/';
    out += part;
  }
  return out;
}

}  // namespace cella::wasi
